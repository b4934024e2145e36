"""One settings object for the whole system, read from ``WOO_*`` environment variables.

Defaults are chosen so that a newcomer can run everything on one machine: data under ``~/.woo`` (override with
``WOO_HOME``), SQLite in that folder (override with ``WOO_DATABASE_URL``), letters delivered as ``.eml`` files
in an outbox folder (set ``WOO_SMTP_HOST`` to deliver over SMTP).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings", "reset_settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WOO_", extra="ignore")

    home: Path = Field(default=Path.home() / ".woo", description="Data folder: database, documents, outbox.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default SQLite in WOO_HOME.")

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "woo@voorbeeldstad.nl"

    organisation_name: str = "Gemeente Voorbeeldstad"
    organisation_address: str = "Postbus 1000\n9999 ZZ Voorbeeldstad"
    organisation_email: str = "woo@voorbeeldstad.nl"
    organisation_website: str = "https://www.voorbeeldstad.nl"
    objection_address: str = "het college van burgemeester en wethouders, Postbus 1000, 9999 ZZ Voorbeeldstad"
    signatory_function: str = "de teamleider Informatiebeheer"
    # Who may sign with mandate, by user id: ``{"a.bakker": {"name": "A. Bakker", "function": "afdelingshoofd"}}``
    # (WOO_SIGNATORIES as JSON). The decision names the signatory from the sign-off's ``signed_by``; a user id
    # not listed signs with ``signatory_function`` only.
    signatories: dict[str, dict[str, str]] = Field(default_factory=dict)
    # From this many readable documents a request counts as very large: the requester is consulted on priorities
    # (Woo 4.2a) once the documents are collected. 0 turns it off.
    large_request_documents: int = 1000
    # The publishing body for DiWoo metadata: a TOOI organisation URI from the schema's closed list and the name
    # the letters use. No default: publishing refuses until both are set (``woo demo`` sets its own choice).
    publisher_uri: str | None = None
    publisher_label: str | None = None
    # The publication folder is served at this address; robots.txt must be at the root of its host.
    publication_base_url: str = "https://open.voorbeeldstad.nl"
    publication_target: str | None = Field(
        default=None, description="fsspec URL (s3://bucket/prefix, sftp://host/path, webdav://…) the publication "
                                  "folder is mirrored to; unset: the local folder is what is served.")
    publication_target_options: str | None = Field(
        default=None, description="JSON object of fsspec storage options for the target (endpoint, key, …).")
    publication_delay_days: int = Field(
        default=5, ge=0, description="Working days between the requester's private link (feitelijke verstrekking) "
                                     "and public publication.")
    share_link_days: int = Field(
        default=42, ge=1, description="Days the requester's private link works, counted from the verstrekking.")

    process_owner_email: str = Field(
        default="woo-coordinatie@voorbeeldstad.nl",
        description="Mailbox of the process owner; the deadline watch sends its reminders here.")
    notify_webhook: str | None = Field(
        default=None, description="URL that Prefect posts a notice to when a request's deadline is at risk (an "
                                  "automation `woo serve` sets up); unset: no automation.")
    deadline_warn_days: int = Field(
        default=7, ge=0, description="The deadline watch flags a request this many days before its decision date.")

    max_document_bytes: int = Field(default=100 * 2**20, ge=1)
    work_pool: str | None = Field(
        default=None, description="Work pool of the deployments; when set, runs go to queue 'urgent' or 'normal'.")
    urgent_days: int = Field(default=7, ge=0, description="Days left at which a request's runs go to 'urgent'.")
    work_pool_limit: int = Field(
        default=4, ge=1, description="Flow runs the work pool runs at once (set by `woo deploy`); a burst waits.")
    recovery_pending_seconds: int = Field(
        default=300, ge=1, description="A request's run Pending this long never started (its worker died): it is "
                                       "marked Crashed and retried.")
    recovery_silent_seconds: int = Field(
        default=600, ge=1, description="A request's run Running without a heartbeat this long lost its process; "
                                       "keep it at about three times PREFECT_FLOWS_HEARTBEAT_FREQUENCY.")
    recovery_max_retries: int = Field(
        default=3, ge=0, description="Automatic retries per stranded run; then it stays Crashed and the process "
                                     "owner is told (event woo.run.recovery-exhausted).")
    serve_self_healing: bool = Field(
        default=False, description="`woo serve` sets up the self-healing automations too (as `woo deploy` does); "
                                   "only with a Prefect server on PostgreSQL: on SQLite their writes for every run "
                                   "event lock the database.")
    officials_file: Path | None = Field(
        default=None, description="YAML list of public functionaries whose names stay visible in redaction.")
    review_url: str = Field(
        default="http://127.0.0.1:8484",
        description="Address of the review page (`woo serve`); the review question links to it with the number.")

    @field_validator("home")
    @classmethod
    def _expand(cls, v: Path) -> Path:
        return v.expanduser().resolve()

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'woo.sqlite3'}"

    @property
    def outbox_dir(self) -> Path:
        return self.home / "outbox"

    @property
    def documents_dir(self) -> Path:
        return self.home / "documents"

    @property
    def publication_dir(self) -> Path:
        return self.home / "publicatie"

    def request_dir(self, request_id: str) -> Path:
        return self.home / "requests" / request_id


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget the cached settings (tests and the CLI change ``WOO_*`` variables)."""
    get_settings.cache_clear()
