# Localised Sphinx documentation: `make` builds everything, `make test` tests it.
# The language list lives in pyproject.toml ([tool.sphinx-l10n]); nothing here repeats it.

PYTHON ?= python3
VENV   := .venv
# `make PY=/path/to/python ...` uses an existing environment instead of .venv.
PY     ?= $(VENV)/bin/python
L10N   := $(PY) -m sphinx_l10n
VENV_DEP := $(if $(filter $(VENV)/bin/python,$(PY)),$(VENV)/.installed)

# Debian packages for the PDFs (xelatex; for Japanese, xeCJK, which needs
# texlive-lang-chinese's ctexhook, and BXjscls; fonts with every glyph of the
# article, emoji included), pdftotext for the tests, and Chromium for the
# browser test.
DEB_PACKAGES := texlive-xetex texlive-latex-recommended \
	texlive-latex-extra texlive-fonts-recommended texlive-lang-french \
	texlive-lang-german texlive-lang-spanish texlive-lang-japanese texlive-lang-chinese latexmk \
	fonts-freefont-otf fonts-symbola fonts-noto-cjk tex-gyre poppler-utils \
	gettext chromium

.PHONY: all venv system-deps gettext update check stats html pdf test test-oldest clean

all: system-deps update check html pdf

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,ja]'
	touch $@

venv: $(VENV_DEP)

# Install the Debian packages that are missing, when we can (root on Debian);
# otherwise stop with one line naming them.
system-deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing: $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
		else \
			echo "error: missing system packages (install them as root): $$missing" >&2; exit 1; \
		fi; \
	fi

gettext: venv
	$(L10N) extract

update: gettext
	$(L10N) update

check: gettext
	$(L10N) check

stats: venv
	$(L10N) stats

html: venv
	$(L10N) build --html

pdf: venv system-deps
	$(L10N) build --pdf

# axe-core (npm), the accessibility audit the browser test runs in each page. npm comes with
# NodeSource's nodejs, or Debian's npm package.
AXE := $(VENV)/node_modules/axe-core/axe.min.js
$(AXE):
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null; } || \
		{ echo "error: npm is needed to install axe-core for the browser test" >&2; exit 1; }
	npm install --silent --no-save --no-audit --no-fund --prefix $(VENV) axe-core@4

test: venv system-deps gettext $(AXE)
	$(PY) -m pytest


# The lowest Sphinx l10n declares (pyproject.toml's bound; tests/test_package.py keeps the
# two equal): the checker, catalog, layout and Sphinx-oracle tests, the HTML builds of the
# security tests, and the incremental, warning and shard builds of a small project run against it. The package itself comes from this folder (PYTHONPATH).
OLDEST_SPHINX := 5.3.0
OLDEST := .venv-oldest
$(OLDEST)/.installed: pyproject.toml Makefile
	rm -rf $(OLDEST) && $(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/pip install --quiet "sphinx==$(OLDEST_SPHINX)" "babel>=2.14" "polib>=1.2" "markdown-it-py>=3.0" \
		"pytest>=8" "hypothesis>=6"
	touch $@

test-oldest: $(OLDEST)/.installed system-deps
	PYTHONPATH=$(CURDIR) $(OLDEST)/bin/python -m pytest -p no:cacheprovider tests/test_checks.py tests/test_catalogs.py \
		tests/test_sphinx_oracle.py tests/test_layouts.py tests/test_config.py tests/test_security.py tests/test_build.py \
		-k "not browser and not script_link"

clean:
	rm -rf build $(OLDEST)
	find locales -name '*.mo' -delete
