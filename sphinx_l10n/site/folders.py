"""Where the build keeps each thing: a target's output, its state, the manifests, the catalogs
Sphinx reads, and a language's address on the published site."""

import os
import pathlib
from collections.abc import Sequence

from sphinx_l10n.config import Config
from sphinx_l10n.targets import TARGETS


def output_dir(config: Config, lang: str, target: str) -> pathlib.Path:
    folder = TARGETS[target].folder
    return config.build_dir / folder / lang


def state_path(config: Config, lang: str, target: str) -> pathlib.Path:
    return config.build_dir / "stamps" / f"{lang}-{target}.json"


def site_url(baseurl: str, lang: str, languages: Sequence[str] = ()) -> str:
    """The absolute URL of a language's site, from its html_baseurl (else Read the Docs'
    $READTHEDOCS_CANONICAL_URL): where a folder of its path is one of the project's languages
    (languages), with lang in that folder ("https://example.org/{language}/" in define; Read the
    Docs' https://x.readthedocs.io/en/stable/, whose translations are at /es/stable/), else with
    the folder lang/ added (one html_baseurl for the whole site, in conf.py); '' without either."""
    baseurl = baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    if not baseurl:
        return ""
    baseurl = baseurl if baseurl.endswith("/") else baseurl + "/"
    head, _, path = baseurl.partition("://")
    host, _, path = path.partition("/")
    folders = path.split("/")
    for index, folder in enumerate(folders):
        named = next((code for code in (lang, *languages) if language_folder(folder, code)), None) if folder else None
        if named is not None:
            # The site's own folder (the last) is named as build/html/<lang>/; a folder before the
            # version is as the host writes codes: Read the Docs' pt-br for Sphinx's pt_BR.
            last = not any(folders[index + 1:])
            folders[index] = lang if last or folder != folder.lower() or "_" in folder else lang.lower().replace("_", "-")
            return f"{head}://{host}/" + "/".join(folders)
    return f"{baseurl}{lang}/"


def language_folder(folder: str, code: str) -> bool:
    """Whether a URL's folder names the language code (pt_BR, pt-br, pt-BR)."""
    return folder.lower().replace("_", "-") == code.lower().replace("_", "-")


def manifest_file(config: Config, lang: str) -> pathlib.Path:
    return config.build_dir / "manifest" / f"{lang}.json"


def catalog_folder(config: Config, lang: str) -> pathlib.Path:
    """The locale folder a language's Sphinx reads (its locale_dirs): the build's own, holding each
    .mo the build compiled from the language's .po files, beside a link to that .po (by which Sphinx
    tells the documents whose catalog changed). Never the project's locales: a .mo there could be
    anyone's, unseen in review (*.mo is git-ignored), and gettext would read it for the language
    even from another folder (de_DE/ for de)."""
    return config.build_dir / "catalogs" / lang


def reread_file(config: Config, lang: str) -> pathlib.Path:
    """The source files whose translations changed since Sphinx last read the language ({"files":
    [...]}, for sphinx_l10n.sphinxext.record), until a Sphinx run has read them."""
    return config.build_dir / "stamps" / f"{lang}-reread.json"


def pending_file(config: Config, lang: str) -> pathlib.Path:
    """{target: {document: path}}: what other builders of the language read since target last ran."""
    return config.build_dir / "stamps" / f"{lang}-unwritten.json"


def durations_file(config: Config) -> pathlib.Path:
    return config.build_dir / "stamps" / "durations.json"
