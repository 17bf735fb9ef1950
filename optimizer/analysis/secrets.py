"""What looks like a secret: variable names that say so, literal values in known token formats
(and high-entropy values assigned to secret-named variables), file names of keys and
credential files, and how to show a found value without revealing it (``mask``).

Used by the DOP4xx secret rules.  Nothing here prints: callers must only ever show
``Secret.masked``, never the matched text.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections import Counter
from pathlib import Path

from optimizer.record import Record
from optimizer.regexes import rx

# Compiled once from the tables (optimizer.regexes), not by `re` on first use.
_NAME_SPLIT_RE = rx(r"[^A-Za-z0-9]+")
_BLANK_RE = rx(r"\s")
_CLASSES = tuple(rx(p) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"))

# ------------------------------------------------------------------------ secret names

# Name parts that say "this holds a secret" on their own.
_SECRET_PARTS = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "passphrase",
        "pwd",
        "secret",
        "secrets",
        "token",
        "credential",
        "credentials",
        "creds",
        "auth",
        # compounds written as one part (APIKEY, apiKey is split by case)
        "apikey",
        "accesskey",
        "privatekey",
        "secretkey",
        "authtoken",
        "accesstoken",
        "apitoken",
        "dbpassword",
    }
)
# `KEY` is a secret only after one of these (API_KEY, ACCESS_KEY, PRIVATE_KEY, SECRET_KEY);
# GPG_KEY and GPG_KEYS in the official images are public key fingerprints.
_KEY_QUALIFIERS = frozenset(
    {"api", "access", "private", "secret", "encryption", "signing", "master", "license"}
)
# A last part that says the value is not the secret but something about it: a path to it
# (MYSQL_PASSWORD_FILE, the official images' convention), where to send it, its kind, a flag.
_ABOUT = frozenset(
    {
        "file",
        "files",
        "path",
        "dir",
        "directory",
        "url",
        "uri",
        "host",
        "hostname",
        "port",
        "endpoint",
        "type",
        "method",
        "mode",
        "enabled",
        "enable",
        "disabled",
        "disable",
        "required",
        "name",
        "user",
        "username",
        "length",
        "len",
        "size",
        "ttl",
        "expiry",
        "expires",
        "expiration",
        "timeout",
        "header",
        "prefix",
        "suffix",
        "version",
        "provider",
        "server",
        "service",
        "realm",
        "scope",
        "scopes",
        "count",
        "min",
        "max",
        "lifetime",
        "policy",
        "algorithm",
        "location",
        "format",
        "level",
        "backend",
        "plugin",
        "strategy",
        "store",
        "cmd",
        "command",
        "script",
        "hash",
        "salt",
        "rounds",
        "iterations",
        "bits",
        "source",
        "key_id",
    }
)
_CAMEL = rx(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def name_parts(name: str) -> list[str]:
    """``DB_PASSWORD`` -> ["db", "password"]; ``apiKey`` -> ["api", "key"]."""
    out: list[str] = []
    for chunk in _NAME_SPLIT_RE.split(name):
        out.extend(p.lower() for p in _CAMEL.findall(chunk))
    return out


def secret_name(name: str) -> bool:
    """Does a variable (or option) name say it holds a secret?

    By whole name parts, so AUTHOR, OAUTH_CALLBACK_URL and TOKENIZERS_PARALLELISM are not;
    not when the last part says the value is about the secret (PASSWORD_FILE, AUTH_URL,
    TOKEN_TTL); PWD alone is the shell's working folder."""
    parts = name_parts(name)
    if not parts or parts == ["pwd"]:
        return False
    if parts[-1] in _ABOUT:
        return False
    for i, part in enumerate(parts):
        if part in _SECRET_PARTS:
            return True
        if part in ("key", "keys") and i > 0 and parts[i - 1] in _KEY_QUALIFIERS:
            return True
    return False


_NOT_A_VALUE = frozenset({"", "true", "false", "yes", "no", "on", "off", "0", "1", "none", "null"})


def flag_like(value: str) -> bool:
    """An empty or boolean-looking value (SKIP_AUTH=true): no secret in it."""
    return value.strip().strip("\"'").lower() in _NOT_A_VALUE


# A value that stands in for the secret the user will give at run time (`docker run -e`):
# `**None**`, `changeme`, `setme_X`, `YOUR_LICENSE_KEY`, `<to be defined>`, `XXXX`, `dummy`;
# `changeit` is the JDK's published truststore default.  Weak real defaults (`root`,
# `admin`, `password`) are not placeholders: they are the password the image ships with.
_STAND_IN = rx(
    r"^\*\*.*\*\*$|^[x.\-_*]+$|change.?(?:me|it)|set.?me|define.?me|your|dummy|placeholder"
    r"|example|^foo|to.?be.?defined|not.?secret|^ignored?$|^(?:none|null|nil|undefined|todo)$"
    r"|[<>]|\{\{",
    re.I,
)
_SHOUTED_NAME = rx(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")  # MY_SUPER_SECRET


def stand_in(name: str, value: str) -> bool:
    """Is an ENV/ARG value a placeholder rather than a secret (see _STAND_IN), the name
    itself, or a path (`GOOGLE_APPLICATION_CREDENTIALS=/run/key.json` says where it is)?"""
    v = value.strip()
    if v.lower() == name.lower() or _SHOUTED_NAME.match(v):
        return True
    if v.startswith(("/", "./", "~/")) and " " not in v:
        return True
    return bool(_STAND_IN.search(v))


# ------------------------------------------------------------------------ secret values


class Secret(Record):
    """A secret found in a text: what kind, where (offsets), and how to show it."""

    kind: str
    start: int
    end: int
    masked: str


def mask(value: str, keep: int = 4) -> str:
    """The first ``keep`` characters and asterisks: `ghp_****`.  Short values show none."""
    if len(value) < 2 * keep + 4:
        keep = 0
    return value[:keep] + "****"


# (kind, pattern, characters of the match that may be shown).  Shown are only the fixed
# prefixes that name the format, never a character of the secret part.
_FORMATS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    (
        "AWS access key id",
        rx(
            r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}"
            r"(?![A-Z0-9])"
        ),
        4,
    ),
    (
        "private key",
        rx(r"-----BEGIN (?:[A-Z0-9]+ ){0,2}PRIVATE KEY(?: BLOCK)?-----"),
        -1,  # the header is shown whole: it is not the key
    ),
    ("GitHub token", rx(r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,}(?![A-Za-z0-9_])"), 4),
    ("GitHub token", rx(r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{50,}"), 11),
    ("GitLab token", rx(r"(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}"), 6),
    (
        "Slack token",
        rx(
            r"(?<![A-Za-z0-9_-])xox[baprs]-"
            r"[0-9A-Za-z]{8,}-[0-9A-Za-z-]{8,}"
        ),
        5,
    ),
    ("npm token", rx(r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])"), 4),
    (
        "JSON Web Token",
        rx(r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
        3,
    ),
    ("Google API key", rx(r"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])"), 4),
    ("Stripe live key", rx(r"(?<![A-Za-z0-9_])[sr]k_live_[0-9A-Za-z]{20,}"), 8),
)
# user:password@ in a URL; the password must be literal (no $VAR, no <placeholder>).
_URL_CREDENTIALS = rx(r"[A-Za-z][A-Za-z0-9+.-]*://([^/\s:@'\"]+):([^/\s@'\"]+)@[\w.-]")
# The documentation's example values: not secrets.
_EXAMPLES = rx(r"EXAMPLE|example|XXXX|xxxx|0000000000|1234567890|abcdef", re.I)


# text -> its known secrets: asked of every instruction's text by DOP401 in each fix round
# (a dozen patterns each), and of the file by the report.  Secrets are immutable records.
_KNOWN: dict[str, list[Secret]] = {}


def known_secrets(text: str) -> list[Secret]:
    """Literal secrets of a known format in ``text``, in order of appearance."""
    if len(text) > 4096:  # a whole file (the report's): asked once, not kept
        return _known_secrets(text)
    found = _KNOWN.get(text)
    if found is None:
        found = _known_secrets(text)
        if len(_KNOWN) >= 512:
            _KNOWN.clear()
        _KNOWN[text] = found
    return list(found)


def _known_secrets(text: str) -> list[Secret]:
    found: list[Secret] = []
    for kind, pattern, keep in _FORMATS:
        for m in pattern.finditer(text):
            value = m.group(0)
            if keep >= 0 and _EXAMPLES.search(value[keep:]):
                continue
            shown = value if keep < 0 else value[:keep] + "****"
            found.append(Secret(kind, m.start(), m.end(), shown))
    for m in _URL_CREDENTIALS.finditer(text):
        user, password = m.group(1), m.group(2)
        if placeholder(password) or placeholder(user) or user == password:
            continue  # `guest:guest` is a well-known default, not a secret
        found.append(Secret("password in a URL", m.start(2), m.end(2), f"{user[:2]}****:****@"))
    found.sort(key=lambda s: s.start)
    # One secret inside another (a JWT's payload matching a second pattern): keep the outer.
    out: list[Secret] = []
    for s in found:
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out


_PLACEHOLDER = rx(
    r"[$<>{}%*]|^(?:x+|\.+|-+|_+)$|change.?me|your|example|placeholder|dummy|secret|password"
    r"|passwd|token|redacted|xxx|\.\.\.|^pass$|^user$",
    re.I,
)


def placeholder(value: str) -> bool:
    """A value that stands for a secret rather than being one: `$TOKEN`, `<password>`,
    `${PASS:-}`, `changeme`, `xxxx`, `your-token`."""
    return bool(_PLACEHOLDER.search(value)) or not value


def entropy(value: str) -> float:
    """Shannon entropy of the value's characters, in bits per character."""
    if not value:
        return 0.0
    counts = Counter(value)
    n = len(value)
    from math import log2  # here: few files need it

    return -sum(c / n * log2(c / n) for c in counts.values())


def random_looking(value: str) -> bool:
    """Does a literal look like a generated secret (long enough, mixed, high entropy)?"""
    if len(value) < 8 or placeholder(value) or _BLANK_RE.search(value):
        return False
    if "/" in value and value.startswith(("/", "./", "~")):
        return False  # a path
    classes = sum(bool(p.search(value)) for p in _CLASSES)
    return classes >= 2 and entropy(value) >= 3.0


# `NAME=value` (with `export`, `ENV`-style prefix assignments) and `--name value` /
# `--name=value` in a command line.
_ASSIGNMENT = rx(
    r"(?:(?<=[\s;&|(])|^)(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"\n]*\"|'[^'\n]*'|[^\s;&|)'\"]+)"
)
_OPTION = rx(
    r"(?:(?<=\s)|^)--?([A-Za-z][A-Za-z0-9_-]*)(?:=|[ \t]+)"
    r"(\"[^\"\n]*\"|'[^'\n]*'|[^\s;&|)'\"-][^\s;&|)'\"]*)"
)


def assigned_secrets(text: str) -> list[Secret]:
    """High-entropy literals assigned to secret-named variables or options in a command
    line: `export API_TOKEN=...`, `--password ...`.  Shown as `****` only."""
    out: list[Secret] = []
    for pattern in (_ASSIGNMENT, _OPTION):
        for m in pattern.finditer(text):
            name, raw = m.group(1), m.group(2)
            shown = name if pattern is _ASSIGNMENT else m.group(0).split(name, 1)[0] + name
            value = raw[1:-1] if raw[:1] in "\"'" else raw
            if not secret_name(name) or not random_looking(value):
                continue
            start = m.start(2) + (1 if raw[:1] in "\"'" else 0)
            kind = f"a random-looking literal given to `{shown.strip()}`"
            out.append(Secret(kind, start, start + len(value), "****"))
    out.sort(key=lambda s: s.start)
    return out


# ------------------------------------------------------------------------ secret files

# Whole file names of keys and credential files.
_SECRET_FILES = frozenset(
    {
        "id_rsa",
        "id_dsa",
        "id_ecdsa",
        "id_ed25519",
        "id_ecdsa_sk",
        "id_ed25519_sk",
        ".npmrc",
        ".pypirc",
        ".netrc",
        "_netrc",
        ".git-credentials",
        ".env",
        ".pgpass",
        ".vault-token",
        "credentials.json",
        "client_secret.json",
    }
)
# `.env.example` and the like are templates kept in git, not secrets.
_TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".dist", ".defaults", ".default", ".tpl")
# Folders whose whole content is credentials (an ssh folder's known_hosts, config and public
# keys are not, so for .ssh only the folder itself and private keys count).
_SECRET_FOLDERS = (".aws", ".ssh", ".gnupg")
# Names of certificates and public or signing keys: a `.pem`/`.key` that is one is no secret.
_PUBLIC = rx(
    r"cert|crt|(?<![a-z])ca(?![a-z])|chain|bundle|pub|gpg|pgp|asc|release|sign|apt|repo|archive|trust|root",
    re.I,
)


def secret_file(path: str) -> str | None:
    """Why a path (as written in COPY/ADD, or a file found in the build context) names a
    secret-looking file, or None."""
    path = path.rstrip("/")
    if not path or any(ch in path for ch in "$"):
        return None
    parts = path.split("/")
    base = parts[-1]
    lower = base.lower()
    if lower in _SECRET_FILES:
        return f"`{base}`"
    if lower.startswith(".env.") and not lower.endswith(_TEMPLATE_SUFFIXES):
        return f"`{base}` (an environment file)"
    if lower == "config.json" and len(parts) >= 2 and parts[-2] == ".docker":
        return "`.docker/config.json` (registry logins)"
    if lower in _SECRET_FOLDERS:
        return f"the `{base}/` folder"
    if len(parts) >= 2 and parts[-2] == ".aws" and lower != "config":
        return f"`{parts[-2]}/{base}`"  # .aws/config holds settings (region, profiles)
    if len(parts) >= 2 and parts[-2] == ".gnupg" and lower.startswith(("private", "secring")):
        return f"`{parts[-2]}/{base}`"
    if lower.endswith((".pem", ".key", ".p12", ".pfx")) and not _PUBLIC.search(lower):
        return f"`{base}` (a key file)"
    return None


def public_name(path: str) -> bool:
    """Does a file name say certificate or public key (`usercert.pem`, `ca.crt`)?"""
    return bool(_PUBLIC.search(posixpath.basename(path.rstrip("/"))))


def secret_glob(pattern: str) -> str | None:
    """A COPY source written as a glob (`*.pem`) that picks secret-looking files."""
    if not any(ch in pattern for ch in "*?["):
        return None
    if fnmatch.fnmatchcase(posixpath.join(posixpath.dirname(pattern), "main.py"), pattern):
        return None  # `*` or `src/*`: every file, not key files by their name
    for probe in ("id_rsa", "server.key", "private.pem", ".npmrc", ".env", "cred.p12"):
        candidate = posixpath.join(posixpath.dirname(pattern), probe)
        if fnmatch.fnmatchcase(candidate, pattern) and secret_file(candidate):
            return f"`{posixpath.basename(pattern)}` (matches key or credential files)"
    return None


# What a credential file holds when it holds one: a private key, or a line that names a
# password, token or login (`//registry/:_authToken=`, `password = ...`, `machine x login`).
_CREDENTIAL_TEXT = rx(
    r"PRIVATE KEY|_auth|token|passw|secret|api[_-]?key|\blogin\b|aws_access|credential", re.I
)
_READ_AT_MOST = 1 << 16


def holds_credentials(path: Path) -> bool | None:
    """Does a secret-looking file of the build context hold a credential?  None when it
    cannot be read (absent, a folder, too large): then its name decides.  An `.npmrc` with
    only `legacy-peer-deps=true`, or a `server.pem` that is a certificate, does not."""
    try:
        if not path.is_file() or path.stat().st_size > _READ_AT_MOST:
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return bool(_CREDENTIAL_TEXT.search(text))
