"""The CI examples of docs/ci.md, from one list of steps: cog renders them as a GitHub Actions
workflow and a GitLab CI job, and tests/test_ci_docs.py runs the rendered shell steps."""

from __future__ import annotations

from typing import NamedTuple

REGISTRY = "registry.toml"
# Placeholders, as in the README's pre-commit example: where and which oostflank to install.
INSTALL = 'python -m pip install "oostflank @ git+REPOSITORY-URL@COMMIT-OR-TAG"'
INSTALL_NAME = "Install oostflank"


class Step(NamedTuple):
    """One shell step. `{annotations}` becomes `--format github` on GitHub (problems show on the
    pull request's lines); `{summary}` the file the job summary is appended to."""

    name: str
    run: str


STEPS = (
    Step("Check the registry", "oostflank check{annotations}"),
    Step("Check that it is in canonical form", "oostflank fmt --check"),
    Step(
        "Summarise mandates ending within 60 days",
        "oostflank expiring --within 60d --format markdown >> {summary}",
    ),
    Step("Fail when a mandate ends within 60 days", "oostflank expiring --within 60d --exit-code"),
)

GITHUB = {"annotations": " --format github", "summary": '"$GITHUB_STEP_SUMMARY"'}
GITLAB = {"annotations": "", "summary": "expiring.md"}


def github_workflow() -> str:
    steps = "\n".join(
        f"      - name: {step.name}\n        run: {step.run.format(**GITHUB)}" for step in STEPS
    )
    return f"""```yaml
# .github/workflows/registry.yml
name: registry
on:
  push:
  pull_request:
  schedule:
    - cron: "0 6 * * 1"   # Mondays: a mandate runs out while nobody pushes
jobs:
  registry:
    runs-on: ubuntu-latest
    env:
      OOSTFLANK_REGISTRY: {REGISTRY}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: {INSTALL_NAME}
        run: {INSTALL}
{steps}
```"""


def gitlab_job() -> str:
    script = "\n".join(f"    - {step.run.format(**GITLAB)}" for step in STEPS)
    return f"""```yaml
# .gitlab-ci.yml
registry:
  image: python:3.12   # has git, which pip needs for a git+ URL
  variables:
    OOSTFLANK_REGISTRY: {REGISTRY}
  before_script:
    - {INSTALL}
  script:
{script}
  artifacts:
    when: always
    expose_as: "Mandates ending within 60 days"
    paths:
      - expiring.md
```"""
