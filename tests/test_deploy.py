"""deploy/ and docs/deploy.md: manifests valid offline, consistent with the kit, every named file present."""

import re

import pytest
import yaml

from svkit import cli, server
from svkit.paths import kit_home
from tests.apps import APP_PATHS

HOME = kit_home()
KUBE = HOME / "deploy" / "kubernetes"
KUBERNETES_VERSION = "1.30.0"  # schemas bundled in kubernetes-validate (no network)
MB_PER_KERNEL = 150  # bench/render.py's kernel memory, rounded up (DESIGN.md: about 133 MB plain)
SERVER_MB = 300  # the Voila server process itself
PARTICIPANTS_PER_REPLICA = 20  # the sizing svkit.yaml and docs/deploy.md state


def _documents():
    docs = []
    for path in sorted(KUBE.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                docs.append((path.name, doc))
    return docs


def _one(kind: str, name: str | None = None) -> dict:
    found = [d for _, d in _documents() if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]
    assert len(found) == 1, f"{kind} {name}: {len(found)} found"
    return found[0]


def _mebibytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)(Mi|Gi)", quantity).groups()
    return float(number) * (1024 if unit == "Gi" else 1) * 1.048576  # MiB -> MB


def test_every_manifest_is_valid_against_the_kubernetes_schemas():
    import kubernetes_validate

    docs = _documents()
    assert {d["kind"] for _, d in docs} >= {"Deployment", "Service", "Ingress", "StatefulSet", "Secret"}
    for name, doc in docs:
        try:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{name}: {doc['kind']} {doc['metadata']['name']}: {exc.message} at {list(exc.path)}")


def test_the_validator_rejects_a_broken_manifest():
    import kubernetes_validate

    broken = yaml.safe_load((KUBE / "svkit.yaml").read_text().split("---")[0])
    broken["spec"]["replicas"] = "three"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_the_deployment_runs_svkit_serve_with_arguments_it_accepts():
    container = _one("Deployment", "svkit")["spec"]["template"]["spec"]["containers"][0]
    args = cli._parser().parse_args(container["args"])
    assert args.command == "serve" and args.host == "0.0.0.0"
    assert {p["containerPort"] for p in container["ports"]} == {args.port}
    assert _one("Deployment", "svkit")["spec"]["replicas"] >= 2


def test_the_pods_read_the_store_url_from_the_secret_that_holds_it():
    secret = _one("Secret", "svkit-db")
    for workload in (_one("Deployment", "svkit"), _one("StatefulSet", "svkit-postgres")):
        for container in workload["spec"]["template"]["spec"]["containers"]:
            for env in container.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] == "svkit-db" and ref["key"] in secret["stringData"]
    url = secret["stringData"]["url"]
    assert url.startswith("postgresql+psycopg://")
    service = _one("Service", "svkit-postgres")
    assert f"@{service['metadata']['name']}:{service['spec']['ports'][0]['port']}/" in url


def test_the_memory_request_covers_the_pools_and_the_open_pages():
    container = _one("Deployment", "svkit")["spec"]["template"]["spec"]["containers"][0]
    args = cli._parser().parse_args(container["args"])
    lessons = sum(1 for p in APP_PATHS if p.startswith("notebooks/"))
    exercises = sum(1 for p in APP_PATHS if p.startswith("exercises/"))
    pool = args.pool if args.pool is not None else server.LESSON_POOL_SIZE
    exercise_pool = args.exercise_pool if args.exercise_pool is not None else server.EXERCISE_POOL_SIZE
    kernels = pool * lessons + exercise_pool * exercises + PARTICIPANTS_PER_REPLICA
    needed = kernels * MB_PER_KERNEL + SERVER_MB
    resources = container["resources"]
    assert _mebibytes(resources["requests"]["memory"]) >= needed
    assert _mebibytes(resources["limits"]["memory"]) > _mebibytes(resources["requests"]["memory"])


def test_the_ingress_keeps_a_browser_on_its_server_by_cookie():
    ingress = _one("Ingress", "svkit")
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert notes["nginx.ingress.kubernetes.io/session-cookie-name"]
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600  # websockets stay open
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == _one("Service", "svkit")["metadata"]["name"]


def test_the_jupyterhub_values_open_the_start_app():
    values = yaml.safe_load((HOME / "deploy" / "jupyterhub" / "config.yaml").read_text())
    url = values["singleuser"]["defaultUrl"]
    assert url.startswith("/voila/render/")
    assert url[len("/voila/render/"):] in APP_PATHS


def test_the_dockerfile_copies_what_the_kit_needs_and_runs_svkit_serve():
    text = (HOME / "deploy" / "docker" / "Dockerfile").read_text()
    copied = re.findall(r"^COPY (\S+) ", text, flags=re.M)
    for folder in ("svkit", "data", "notebooks", "exercises", "pyproject.toml"):
        assert folder in copied
        assert (HOME / folder).exists()
    assert "'.[postgres]'" in text
    cmd = yaml.safe_load(re.search(r"^CMD (.+)$", text, flags=re.M).group(1))
    assert cli._parser().parse_args(cmd).command == "serve"


def test_docs_deploy_names_only_files_that_exist():
    text = (HOME / "docs" / "deploy.md").read_text()
    named = set(re.findall(r"`((?:deploy|svkit|tests|docs|bench)/[\w./-]+|environment\.yml|pyproject\.toml)`", text))
    assert len(named) >= 10
    for path in named:
        if "NNNN" in path:
            continue
        assert (HOME / path.rstrip("/")).exists(), f"docs/deploy.md names {path}, which does not exist"
    for section in ("One laptop", "A room server", "behind nginx", "Kubernetes", "JupyterHub", "Binder"):
        assert section in text
    assert "?urlpath=voila/render/notebooks/00-start.ipynb" in text


def test_binder_reads_an_environment_with_the_kit_in_it():
    env = yaml.safe_load((HOME / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip and (HOME / "notebooks" / "00-start.ipynb").exists()
    assert any(str(d).startswith("voila") for d in env["dependencies"])
