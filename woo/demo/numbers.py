"""Identifiers for the demo that pass the same checksums the detectors use (BSN 11-test, IBAN mod-97)."""

from __future__ import annotations

from stdnum import iban
from stdnum.nl import bsn


def bsn_from_prefix(prefix: str) -> str:
    """The BSN starting with these 8 digits, or with the next prefix when the 11-test leaves no check digit."""
    if len(prefix) != 8 or not prefix.isdigit():
        raise ValueError("a BSN prefix has 8 digits")
    number = int(prefix)
    while True:
        digits = f"{number:08d}"
        total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10 and digits[0] != "0":
            candidate = digits + str(check)
            if bsn.is_valid(candidate):
                return candidate
        number += 1


def dutch_iban(bank_code: str, account: str) -> str:
    """A Dutch IBAN with correct check digits, grouped in fours as printed on letters."""
    if len(bank_code) != 4 or len(account) != 10 or not account.isdigit():
        raise ValueError("a Dutch IBAN has a 4-letter bank code and a 10-digit account number")
    bban = f"{bank_code.upper()}{account}"
    compact = f"NL{iban.calc_check_digits('NL00' + bban)}{bban}"
    iban.validate(compact)
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
