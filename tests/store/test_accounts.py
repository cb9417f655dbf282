"""Accounts in the store, on SQLite and PostgreSQL: the owner takes over the local person's data,
names and passwords are checked, logins are tokens stored as digests, guessing is slowed."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from psoas.config import ConfigError, load_config
from psoas.store.accounts import (
    FAILURES_PER_ADDRESS,
    FAILURES_PER_USERNAME,
    AccountRefused,
    TooManyAttempts,
    account_for_token,
    authenticate,
    count_logins,
    create_account,
    end_login,
    list_accounts,
    owner_exists,
    reset_password,
    server_secret,
    start_login,
    token_digest,
    use_password_hashing,
)
from psoas.store.database import Database
from psoas.store.models import Account, LoginFailure, LoginSession, Person, PracticeSession, StoredPlan
from psoas.store.people import local_person_id
from psoas.store.practice_log import CheckinValues, add_checkin, save_plan, start_practice
from psoas.store.utc_time import utc_now

PASSWORD = "a calm long password"


def owner(database: Database, name: str = "Ana") -> Account:
    with database.transaction() as session:
        return create_account(session, name, PASSWORD, "owner")


def test_the_owner_takes_over_the_local_persons_practice_without_loss(database: Database) -> None:
    with database.transaction() as session:
        local = local_person_id(session.connection())
        plan_id = save_plan(session.connection(), local, {"request": {"seed": 1}, "total_seconds": 600})
        practice = start_practice(session, local, plan_id)
        add_checkin(session, practice, CheckinValues("before", 4, 2, 3, 6, note="mine"))
    account = owner(database)
    assert account.person_id == local
    assert account.username == "ana"  # lower-case
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 1
        assert session.scalar(select(func.count()).where(StoredPlan.person_id == local)) == 1
        assert session.scalar(select(func.count()).where(PracticeSession.person_id == local)) == 1
        assert owner_exists(session)


def test_there_is_only_one_owner(database: Database) -> None:
    owner(database)
    with pytest.raises(AccountRefused, match="already an owner"), database.transaction() as session:
        create_account(session, "bea", PASSWORD, "owner")


def test_two_first_owners_at_once_exactly_one_wins(migrated_database_url: str, database: Database) -> None:
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def create(name: str) -> None:
        other = Database(migrated_database_url)  # a connection of its own, as a second process has
        try:
            start.wait()
            with other.transaction() as session:
                create_account(session, name, PASSWORD, "owner")
            outcomes.append("made")
        except AccountRefused as refused:
            outcomes.append(str(refused))
        finally:
            other.engine.dispose()

    threads = [threading.Thread(target=create, args=(name,)) for name in ("ana", "bea")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["There is already an owner; psoas has only one.", "made"]
    with database.transaction() as session:
        assert [a.role for a in list_accounts(session)] == ["owner"]


def test_other_roles_wait_for_the_owner_and_get_a_person_of_their_own(database: Database) -> None:
    with pytest.raises(AccountRefused, match="no owner yet"), database.transaction() as session:
        create_account(session, "fay", PASSWORD, "facilitator")
    host = owner(database)
    with database.transaction() as session:
        fay = create_account(session, "Fay", PASSWORD, "facilitator")
    assert fay.person_id != host.person_id


@pytest.mark.parametrize(
    ("username", "password", "problem"),
    [
        ("ab", PASSWORD, "3 to 64"),
        ("a" * 65, PASSWORD, "3 to 64"),
        ("ana smith", PASSWORD, "letters, digits"),
        ("ana", "short", "at least 10"),
        ("ana", "x" * 1001, "at most 1000"),
    ],
)
def test_it_refuses_bad_names_and_passwords(
    database: Database, username: str, password: str, problem: str
) -> None:
    with pytest.raises(AccountRefused, match=problem), database.transaction() as session:
        create_account(session, username, password, "owner")


def test_a_name_is_taken_in_any_case(database: Database) -> None:
    owner(database, "ana")
    with pytest.raises(AccountRefused, match="taken"), database.transaction() as session:
        create_account(session, "ANA", PASSWORD, "facilitator")


def test_the_password_is_an_argon2id_hash(database: Database) -> None:
    account = owner(database)
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash


def test_standard_hashing_is_rfc_9106s_and_light_is_owasps_least(database: Database) -> None:
    assert load_config({}).password_hashing == "standard"
    assert load_config({"PSOAS_PASSWORD_HASHING": "light"}).password_hashing == "light"
    with pytest.raises(ConfigError, match="standard or light"):
        load_config({"PSOAS_PASSWORD_HASHING": "none"})
    try:
        use_password_hashing("standard")
        standard = owner(database)
        assert "$m=65536,t=3,p=4$" in standard.password_hash
        # A login under the light setting rehashes the password with it.
        use_password_hashing("light")
        with database.transaction() as session:
            authenticate(session, standard.username, PASSWORD, "127.0.0.1")
        with database.transaction() as session:
            stored = session.get_one(Account, standard.id).password_hash
        assert "$m=19456,t=2,p=1$" in stored
    finally:
        use_password_hashing("light")


def test_a_login_is_a_token_stored_only_as_its_digest_and_logout_ends_it(database: Database) -> None:
    owner(database)
    with database.transaction() as session:
        account = authenticate(session, "ANA", PASSWORD, "127.0.0.1")
        assert account is not None
        login = start_login(session, account)
    with database.transaction() as session:
        stored = session.scalars(select(LoginSession.token_digest)).all()
        assert stored == [token_digest(login.token)]
        assert login.token not in stored
        assert account_for_token(session, login.token) is not None
        end_login(session, login.token)
    with database.transaction() as session:
        assert account_for_token(session, login.token) is None


def test_an_expired_login_no_longer_works(database: Database) -> None:
    host = owner(database)
    with database.transaction() as session:
        login = start_login(session, host)
        session.execute(update(LoginSession).values(expires_at=utc_now() - timedelta(seconds=1)))
    with database.transaction() as session:
        assert account_for_token(session, login.token) is None


def test_a_password_reset_ends_every_login(database: Database) -> None:
    host = owner(database)
    with database.transaction() as session:
        first, second = start_login(session, host), start_login(session, host)
    with database.transaction() as session:
        reset_password(session, "ana", "another long password")
    with database.transaction() as session:
        assert count_logins(session, host.id) == 0
        assert account_for_token(session, first.token) is None
        assert account_for_token(session, second.token) is None
        assert authenticate(session, "ana", PASSWORD, "10.0.0.1") is None
        assert authenticate(session, "ana", "another long password", "10.0.0.1") is not None


def test_five_failures_for_a_name_make_it_wait_and_a_success_clears_them(database: Database) -> None:
    owner(database)
    for _ in range(FAILURES_PER_USERNAME - 1):
        with database.transaction() as session:
            assert authenticate(session, "ana", "wrong password!", "10.0.0.1") is None
    with database.transaction() as session:  # a success before the limit clears the name's failures
        assert authenticate(session, "ana", PASSWORD, "10.0.0.1") is not None
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 0
    for _ in range(FAILURES_PER_USERNAME):
        with database.transaction() as session:
            assert authenticate(session, "ana", "wrong password!", "10.0.0.2") is None
    with pytest.raises(TooManyAttempts) as waiting, database.transaction() as session:
        authenticate(session, "ana", PASSWORD, "10.0.0.3")  # even the right password waits
    assert 14 * 60 < waiting.value.retry_after <= 15 * 60
    assert str(waiting.value) == "Too many attempts; try again in 15 minutes."


def test_twenty_failures_from_one_address_make_it_wait_whatever_the_name(database: Database) -> None:
    owner(database)
    for number in range(FAILURES_PER_ADDRESS):
        with database.transaction() as session:
            assert authenticate(session, f"guess{number}", "wrong password!", "10.0.0.9") is None
    with pytest.raises(TooManyAttempts), database.transaction() as session:
        authenticate(session, "ana", PASSWORD, "10.0.0.9")
    with database.transaction() as session:  # another address is not slowed
        assert authenticate(session, "ana", PASSWORD, "10.0.0.10") is not None


def test_old_failures_are_pruned_and_no_longer_count(database: Database) -> None:
    owner(database)
    with database.transaction() as session:
        old = utc_now() - timedelta(minutes=16)
        session.add_all([LoginFailure(username="ana", address="10.0.0.1", at=old) for _ in range(10)])
    with database.transaction() as session:
        assert authenticate(session, "ana", "wrong password!", "10.0.0.1") is None
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 1


def test_the_server_secret_is_made_once_and_shared(database: Database) -> None:
    with database.transaction() as session:
        first = server_secret(session, "login-cookie")
    with database.transaction() as session:
        assert server_secret(session, "login-cookie") == first
    assert len(first) == 32
