"""Who a request acts for once accounts exist. A placeholder until accounts are built: the
facilitator is the local person."""

from psoas.web.person_scope import LocalPerson

Facilitator = LocalPerson
