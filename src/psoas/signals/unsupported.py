"""Formats people try that psoas does not read, named as such with what to export instead, rather
than refused as badly formed text."""

from psoas.signals.recording import SignalError


def unsupported_message(name: str, head: str) -> str | None:
    """Why a file in a format psoas does not read is refused, from its name and first characters."""
    start = head.lstrip("\ufeff \t\r\n")[:2000]
    if name.lower().endswith(".json") or start.startswith(("{", "[")):
        return (
            f"{name}: JSON is not supported; export the recording as CSV or text instead: "
            "columns such as time,x,y,z, or one RR interval per line"
        )
    if not (name.lower().endswith(".xml") or start.startswith("<")):
        return None
    if "<HealthData" in start or name.lower() == "export.xml":
        return (
            f"{name}: Apple Health's export.xml is not supported: it holds summaries, not a recording "
            "to analyse. Export the recording itself instead: RR intervals as text (e.g. from Polar "
            "Sensor Logger or Elite HRV), or an accelerometer CSV (phyphox, Sensor Logger)"
        )
    return f"{name}: XML is not supported; export the recording as CSV or text instead"


def refuse_unsupported(text: str, name: str) -> None:
    message = unsupported_message(name, text[:4096])
    if message is not None:
        raise SignalError(message)
