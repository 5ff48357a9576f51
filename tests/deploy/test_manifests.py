"""The deployment files: Dockerfile, docker-compose.yml and deploy/k8s/.

No Docker engine or cluster here, so these tests check the files by schema (kubernetes-validate for the Kubernetes
resources, the Compose specification for docker-compose.yml) and check that they agree with each other and with
the platform: every service has its Deployment, Service, PodDisruptionBudget and Compose entry, probes point at the
health endpoints on the container's port, every Secret or ConfigMap key a pod reads exists, and so on.
"""

from __future__ import annotations

import copy
import re
import shlex
import subprocess
import sys
import warnings
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
K8S_DIR = REPO / "deploy" / "k8s"
COMPOSE_FILE = REPO / "docker-compose.yml"
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"

K8S_VERSION = "1.30"
SERVICES = ("accounts", "routing", "media", "billing", "transcription", "gateway")
AUTOSCALED = {"gateway", "routing", "accounts"}
HTTP_PORT = 8000
IMAGE = "relais"
NAMESPACE = "relais"
CONFIGMAP = "relais-config"
SECRET = "relais-secrets"
SECRET_KEYS = {"RELAIS_AMQP_URI", "RELAIS_DATABASE_URL", "RELAIS_ADMIN_PASSWORD"}
PLACEHOLDER = "change-me"
# What each service reads from its environment besides RELAIS_<NAME>_HTTP (see each service's config.yml).
COMMON_ENV = {"RELAIS_AMQP_URI", "RELAIS_DATABASE_URL"}
SERVICE_ENV = {
    "accounts": {"RELAIS_ARGON2_MEMORY_KIB", "RELAIS_ARGON2_TIME_COST"},
    "gateway": {"RELAIS_PUBLIC_URL", "RELAIS_SECURE_COOKIES", "RELAIS_SUPPORT_PHONE", "RELAIS_FEEDBACK_EMAIL"},
}
API_VERSIONS = {
    "Namespace": "v1",
    "ConfigMap": "v1",
    "Secret": "v1",
    "Service": "v1",
    "Deployment": "apps/v1",
    "Job": "batch/v1",
    "HorizontalPodAutoscaler": "autoscaling/v2",
    "PodDisruptionBudget": "policy/v1",
    "Ingress": "networking.k8s.io/v1",
}


# --- loading -----------------------------------------------------------------------------------------------------


def load_documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc is not None]


@cache
def manifest_files() -> tuple[Path, ...]:
    return tuple(sorted(p for p in K8S_DIR.glob("*.y*ml") if p.name != "kustomization.yaml"))


@cache
def resources() -> tuple[tuple[str, dict[str, Any]], ...]:
    return tuple((path.name, doc) for path in manifest_files() for doc in load_documents(path))


def resource_id(item: tuple[str, dict[str, Any]]) -> str:
    name, doc = item
    return f"{name}:{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"


def find(kind: str, name: str) -> dict[str, Any]:
    found = [doc for _, doc in resources() if doc["kind"] == kind and doc["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} named {name!r}, found {len(found)}"
    return found[0]


def of_kind(kind: str) -> list[dict[str, Any]]:
    return [doc for _, doc in resources() if doc["kind"] == kind]


@cache
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@cache
def kustomization() -> dict[str, Any]:
    return yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text(encoding="utf-8"))


def pod_specs() -> Iterator[tuple[str, dict[str, Any]]]:
    for kind in ("Deployment", "Job"):
        for doc in of_kind(kind):
            yield f"{kind}/{doc['metadata']['name']}", doc["spec"]["template"]["spec"]


def all_containers(pod: dict[str, Any]) -> list[dict[str, Any]]:
    return [*pod.get("initContainers", []), *pod["containers"]]


def main_container(service: str) -> dict[str, Any]:
    containers = find("Deployment", service)["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1, f"{service}: one container per pod"
    return containers[0]


def env_of(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in container.get("env", [])}


def resolve_port(container: dict[str, Any], port: int | str) -> int:
    """The number a probe or a Service's targetPort reaches, which must be one the container declares."""
    declared = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
    if isinstance(port, str):
        assert port in declared, f"port name {port!r} is not declared by container {container['name']}"
        return int(declared[port])
    assert port in declared.values(), f"port {port} is not declared by container {container['name']}"
    return port


def labels_match(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


QUANTITY = re.compile(r"^(\d+(?:\.\d+)?)(m|k|M|G|Ki|Mi|Gi|Ti)?$")
FACTORS = {None: 1, "m": 0.001, "k": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}


def quantity(value: str | int | float) -> float:
    match = QUANTITY.match(str(value))
    assert match, f"not a Kubernetes quantity: {value!r}"
    return float(match.group(1)) * FACTORS[match.group(2)]


def check_jsonschema_command() -> list[str]:
    script = Path(sys.executable).parent / "check-jsonschema"
    return [str(script)] if script.exists() else [sys.executable, "-m", "check_jsonschema"]


def validate_compose(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*check_jsonschema_command(), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def validate_k8s(doc: dict[str, Any]) -> None:
    """kubernetes-validate, strict (no unknown fields), with any warning it gives counted as a failure."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kubernetes_validate.validate(doc, desired_version=K8S_VERSION, strict=True)


# --- the service list itself -------------------------------------------------------------------------------------


def test_service_list_is_the_platforms() -> None:
    from relais.services import ORDER

    assert tuple(ORDER) == SERVICES, "a service was added or removed: give it its deployment files here"


# --- Kubernetes: schema ------------------------------------------------------------------------------------------


def test_there_are_manifests() -> None:
    assert manifest_files(), f"no manifests in {K8S_DIR}"
    assert len(resources()) >= 4 * len(SERVICES)


@pytest.mark.parametrize("item", resources(), ids=resource_id)
def test_resource_is_valid_kubernetes(item: tuple[str, dict[str, Any]]) -> None:
    _, doc = item
    validate_k8s(doc)


@pytest.mark.parametrize("item", resources(), ids=resource_id)
def test_resource_uses_the_current_api_version(item: tuple[str, dict[str, Any]]) -> None:
    _, doc = item
    assert doc["kind"] in API_VERSIONS, f"unexpected kind {doc['kind']}"
    assert doc["apiVersion"] == API_VERSIONS[doc["kind"]]
    assert doc["metadata"].get("namespace", NAMESPACE) == NAMESPACE


def test_validation_rejects_a_broken_resource() -> None:
    """The schema check is strict: an unknown field, or a wrong type, fails."""
    deployment = copy.deepcopy(find("Deployment", "gateway"))
    deployment["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGet"]["paht"] = "/x"
    with pytest.raises(kubernetes_validate.ValidationError):
        validate_k8s(deployment)
    hpa = copy.deepcopy(find("HorizontalPodAutoscaler", "gateway"))
    hpa["spec"]["minReplicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        validate_k8s(hpa)
    with pytest.raises(kubernetes_validate.SchemaNotFoundError):
        validate_k8s({**hpa, "apiVersion": "autoscaling/v2beta1"})


def test_resource_names_are_unique() -> None:
    keys = [(doc["kind"], doc["metadata"]["name"]) for _, doc in resources()]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


def test_kustomization_lists_every_file() -> None:
    listed = kustomization()["resources"]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    assert set(listed) == {p.name for p in manifest_files()}
    assert kustomization()["namespace"] == NAMESPACE
    assert find("Namespace", NAMESPACE)
    assert [image["name"] for image in kustomization().get("images", [])] == [IMAGE]


# --- Kubernetes: one Deployment, Service, PodDisruptionBudget (and HPA) per service ------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_deployment_runs_the_service(service: str) -> None:
    deployment = find("Deployment", service)
    template = deployment["spec"]["template"]
    assert labels_match(deployment["spec"]["selector"]["matchLabels"], template["metadata"]["labels"])
    container = main_container(service)
    assert container["image"] == IMAGE
    assert container["command"] == ["relais", "run-service", service]
    assert "args" not in container
    assert resolve_port(container, "http") == HTTP_PORT
    env = env_of(container)
    assert env[f"RELAIS_{service.upper()}_HTTP"].get("value") == f"0.0.0.0:{HTTP_PORT}"
    assert COMMON_ENV | SERVICE_ENV.get(service, set()) <= set(env), f"{service} misses settings it reads"


@pytest.mark.parametrize("service", SERVICES)
def test_deployment_probes_hit_the_health_endpoints(service: str) -> None:
    container = main_container(service)
    expected = {"livenessProbe": "/health/live", "readinessProbe": "/health/ready", "startupProbe": "/health/live"}
    for probe_name, path in expected.items():
        probe = container.get(probe_name)
        if probe is None and probe_name == "startupProbe":
            continue
        assert probe is not None, f"{service} has no {probe_name}"
        assert probe["httpGet"]["path"] == path, f"{service} {probe_name}"
        assert resolve_port(container, probe["httpGet"]["port"]) == HTTP_PORT, f"{service} {probe_name}"


@pytest.mark.parametrize("service", SERVICES)
def test_deployment_is_scraped_by_prometheus(service: str) -> None:
    annotations = find("Deployment", service)["spec"]["template"]["metadata"].get("annotations", {})
    assert annotations.get("prometheus.io/scrape") == "true"
    assert annotations.get("prometheus.io/path") == "/metrics"
    assert resolve_port(main_container(service), int(annotations["prometheus.io/port"])) == HTTP_PORT


@pytest.mark.parametrize("service", SERVICES)
def test_service_selects_the_deployment_on_its_port(service: str) -> None:
    svc = find("Service", service)
    assert svc["spec"].get("type", "ClusterIP") == "ClusterIP", "only the Ingress reaches the cluster from outside"
    for name in SERVICES:
        pod_labels = find("Deployment", name)["spec"]["template"]["metadata"]["labels"]
        assert labels_match(svc["spec"]["selector"], pod_labels) == (name == service), f"Service {service} vs {name}"
    ports = svc["spec"]["ports"]
    # routing also serves the call-time channel media uses (kit/relais_kit/callpath.py)
    assert [p["name"] for p in ports] == (["http", "callpath"] if service == "routing" else ["http"])
    assert resolve_port(main_container(service), ports[0]["targetPort"]) == HTTP_PORT
    for port in ports:
        assert resolve_port(main_container(service), port["targetPort"]) == port["port"] or port["name"] == "http"


@pytest.mark.parametrize("service", SERVICES)
def test_disruption_budget_covers_the_deployment_and_allows_drains(service: str) -> None:
    pdb = find("PodDisruptionBudget", service)
    for name in SERVICES:
        pod_labels = find("Deployment", name)["spec"]["template"]["metadata"]["labels"]
        assert labels_match(pdb["spec"]["selector"]["matchLabels"], pod_labels) == (name == service)
    deployment = find("Deployment", service)
    if service in AUTOSCALED:
        fewest = find("HorizontalPodAutoscaler", service)["spec"]["minReplicas"]
    else:
        fewest = deployment["spec"].get("replicas", 1)
    if "minAvailable" in pdb["spec"]:
        assert int(pdb["spec"]["minAvailable"]) < fewest, "minAvailable ≥ replicas blocks every node drain"
    else:
        assert int(pdb["spec"]["maxUnavailable"]) >= 1


@pytest.mark.parametrize("service", SERVICES)
def test_autoscaling(service: str) -> None:
    hpas = [doc for doc in of_kind("HorizontalPodAutoscaler") if doc["spec"]["scaleTargetRef"]["name"] == service]
    deployment = find("Deployment", service)
    if service not in AUTOSCALED:
        assert not hpas
        assert deployment["spec"].get("replicas", 1) >= 1
        return
    assert len(hpas) == 1
    spec = hpas[0]["spec"]
    assert spec["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": service}
    assert 2 <= spec["minReplicas"] < spec["maxReplicas"]
    assert "replicas" not in deployment["spec"], "the HPA owns the count; a fixed one resets it on every apply"
    # A CPU utilisation target needs CPU requests to be computed against.
    assert "cpu" in main_container(service)["resources"]["requests"]


# --- Kubernetes: pods are locked down and sized ------------------------------------------------------------------


@pytest.mark.parametrize("pod_id", [pod_id for pod_id, _ in pod_specs()])
def test_pod_runs_as_non_root_with_resources(pod_id: str) -> None:
    pod = dict(pod_specs())[pod_id]
    context = pod["securityContext"]
    assert context["runAsNonRoot"] is True
    assert context.get("runAsUser", 1) != 0
    assert context["seccompProfile"]["type"] == "RuntimeDefault"
    assert pod.get("automountServiceAccountToken") is False
    mounted_volumes = set()
    for container in all_containers(pod):
        name = f"{pod_id} {container['name']}"
        security = container["securityContext"]
        assert security["allowPrivilegeEscalation"] is False, name
        assert security["readOnlyRootFilesystem"] is True, name
        assert security["capabilities"]["drop"] == ["ALL"], name
        assert container["image"] == IMAGE, name
        resources_ = container["resources"]
        for what in ("cpu", "memory"):
            request, limit = resources_["requests"][what], resources_["limits"][what]
            assert quantity(request) <= quantity(limit), f"{name}: {what} request above its limit"
        mounted_volumes |= {m["name"] for m in container.get("volumeMounts", [])}
        # With a read-only root filesystem, temporary files need a writable /tmp.
        assert "/tmp" in {m["mountPath"] for m in container.get("volumeMounts", [])}, name
    assert mounted_volumes <= {v["name"] for v in pod.get("volumes", [])}


def test_quantity_parser() -> None:
    assert quantity("250m") == 0.25
    assert quantity("1") == 1
    assert quantity("512Mi") == 512 * 2**20
    assert quantity("1Gi") > quantity("768Mi")


def test_docker_user_matches_pod_user() -> None:
    user = dockerfile_instructions("USER")[-1].split(":")[0]
    for pod_id, pod in pod_specs():
        assert str(pod["securityContext"]["runAsUser"]) == user, pod_id


# --- Kubernetes: configuration and secrets -----------------------------------------------------------------------


def test_env_references_resolve() -> None:
    configmaps = {doc["metadata"]["name"]: doc.get("data", {}) for doc in of_kind("ConfigMap")}
    secrets = {
        doc["metadata"]["name"]: {**doc.get("data", {}), **doc.get("stringData", {})} for doc in of_kind("Secret")
    }
    checked = 0
    for pod_id, pod in pod_specs():
        for container in all_containers(pod):
            where = f"{pod_id} {container['name']}"
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    assert source["configMapRef"]["name"] in configmaps, where
                if "secretRef" in source:
                    assert source["secretRef"]["name"] in secrets, where
            for item in container.get("env", []):
                ref = item.get("valueFrom", {})
                for key, known in (("configMapKeyRef", configmaps), ("secretKeyRef", secrets)):
                    if key in ref:
                        target = ref[key]
                        assert target["name"] in known, f"{where}: {item['name']} reads missing {target['name']}"
                        assert target["key"] in known[target["name"]], f"{where}: {item['name']} reads missing key"
                        assert not target.get("optional", False), f"{where}: {item['name']} may silently be unset"
                        checked += 1
    assert checked > 0


def test_secret_holds_the_secrets_as_marked_placeholders() -> None:
    secret = find("Secret", SECRET)
    values = {**secret.get("data", {}), **secret.get("stringData", {})}
    assert set(values) >= SECRET_KEYS
    for key, value in values.items():
        assert PLACEHOLDER in value, f"{key}: placeholder values must say {PLACEHOLDER!r} so nobody ships them"
    assert PLACEHOLDER in (K8S_DIR / "secret.yaml").read_text(encoding="utf-8").split("apiVersion")[0], (
        "secret.yaml should say up front that its values are placeholders"
    )


def test_no_secret_outside_the_secret() -> None:
    config = find("ConfigMap", CONFIGMAP)["data"]
    assert not SECRET_KEYS & set(config)
    credentials = re.compile(r"://[^/@\s]+:[^/@\s]+@")
    for key, value in config.items():
        assert "PASSWORD" not in key
        assert not credentials.search(value), f"ConfigMap {key} holds a password"
    for pod_id, pod in pod_specs():
        for container in all_containers(pod):
            for name, item in env_of(container).items():
                if name in SECRET_KEYS or "PASSWORD" in name:
                    assert item.get("valueFrom", {}).get("secretKeyRef", {}).get("name") == SECRET, (
                        f"{pod_id}: {name} must come from the Secret"
                    )
                assert not credentials.search(str(item.get("value", ""))), f"{pod_id}: {name} holds a password"


def settings_the_platform_reads() -> set[str]:
    """RELAIS_* names in the services' config.yml files and in the `relais` command's own environment reads."""
    names: set[str] = set()
    for config in REPO.glob("services/*/config.yml"):
        names |= set(re.findall(r"\$\{(RELAIS_[A-Z0-9_]+)", config.read_text(encoding="utf-8")))
    for module in (REPO / "relais").glob("*.py"):
        names |= set(re.findall(r"environ\.get\(\s*\"(RELAIS_[A-Z0-9_]+)\"", module.read_text(encoding="utf-8")))
    return names


def test_every_setting_given_is_one_the_platform_reads() -> None:
    """A misspelt variable would be silently ignored and the service would run on its default."""
    known = settings_the_platform_reads()
    assert {f"RELAIS_{name.upper()}_HTTP" for name in SERVICES} | COMMON_ENV <= known
    given = set(find("ConfigMap", CONFIGMAP)["data"]) | set(find("Secret", SECRET)["stringData"])
    for _, pod in pod_specs():
        for container in all_containers(pod):
            given |= set(env_of(container))
    for name in compose()["services"]:
        given |= {key for key in compose_env(name) if key.startswith("RELAIS_")}
    assert given - known == set()


def test_every_service_reads_common_settings_from_the_secret() -> None:
    for service in SERVICES:
        env = env_of(main_container(service))
        for name in COMMON_ENV:
            assert env[name]["valueFrom"]["secretKeyRef"] == {"name": SECRET, "key": name}, f"{service} {name}"
        for name in SERVICE_ENV.get(service, set()):
            assert env[name]["valueFrom"]["configMapKeyRef"] == {"name": CONFIGMAP, "key": name}, f"{service}"


# --- Kubernetes: migrations Job and Ingress ----------------------------------------------------------------------


def test_migrate_job_migrates_then_seeds() -> None:
    jobs = of_kind("Job")
    assert len(jobs) == 1
    pod = jobs[0]["spec"]["template"]["spec"]
    commands = [" ".join(c.get("command", []) + c.get("args", [])) for c in all_containers(pod)]
    joined = " ; ".join(commands)
    assert "relais migrate" in joined and "relais seed" in joined
    assert joined.index("relais migrate") < joined.index("relais seed"), "the seed needs the migrated schema"
    assert pod["restartPolicy"] in ("Never", "OnFailure")
    config = find("ConfigMap", CONFIGMAP)["data"]
    for container in all_containers(pod):
        env = env_of(container)
        assert set(env) >= COMMON_ENV, container["name"]
        mode = env["RELAIS_MODE"]
        mode_value = mode.get("value") or config[mode["valueFrom"]["configMapKeyRef"]["key"]]
        assert mode_value == "external", "never fall back to an embedded database inside the cluster"
    seeder = next(c for c in all_containers(pod) if "relais seed" in " ".join(c["command"]))
    assert {"RELAIS_ADMIN_PASSWORD"} | SERVICE_ENV["accounts"] <= set(env_of(seeder))


def test_ingress_exposes_only_the_gateway_over_tls() -> None:
    ingresses = of_kind("Ingress")
    assert len(ingresses) == 1
    spec = ingresses[0]["spec"]
    backends = [path["backend"]["service"] for rule in spec["rules"] for path in rule["http"]["paths"]]
    assert backends and {b["name"] for b in backends} == {"gateway"}
    gateway_ports = find("Service", "gateway")["spec"]["ports"]
    for backend in backends:
        port = backend["port"]
        assert any(p["name"] == port.get("name") or p["port"] == port.get("number") for p in gateway_ports)
    hosts = {rule["host"] for rule in spec["rules"]}
    assert hosts <= {host for tls in spec["tls"] for host in tls["hosts"]}
    config = find("ConfigMap", CONFIGMAP)["data"]
    assert config["RELAIS_SECURE_COOKIES"] == "true", "the portal is behind TLS"
    assert config["RELAIS_PUBLIC_URL"] in {f"https://{host}" for host in hosts}
    for svc in of_kind("Service"):
        assert svc["spec"].get("type", "ClusterIP") == "ClusterIP", svc["metadata"]["name"]


# --- docker-compose.yml ------------------------------------------------------------------------------------------


def compose_env(service: str) -> dict[str, str]:
    env = compose()["services"][service].get("environment", {})
    assert isinstance(env, dict), f"{service}: write environment as a mapping"
    return {key: str(value) for key, value in env.items()}


def as_command(value: str | list[str]) -> str:
    return value if isinstance(value, str) else shlex.join(value)


def test_compose_file_follows_the_compose_specification() -> None:
    result = validate_compose(COMPOSE_FILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_validation_rejects_a_broken_file(tmp_path: Path) -> None:
    broken = copy.deepcopy(compose())
    broken["services"]["gateway"]["healthcheck"]["intervall"] = "5s"
    path = tmp_path / "docker-compose.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = validate_compose(path)
    assert result.returncode != 0
    assert "intervall" in result.stdout + result.stderr


def test_compose_infrastructure() -> None:
    services = compose()["services"]
    assert set(services) == {*SERVICES, "migrate", "rabbitmq", "postgres"}
    assert services["rabbitmq"]["image"].startswith("rabbitmq:3-management")
    assert services["postgres"]["image"].split(":")[1].split("-")[0] == "16"
    for name in ("rabbitmq", "postgres"):
        assert services[name]["healthcheck"]["test"], name
    volumes = [str(v) for v in services["postgres"]["volumes"]]
    assert any(v.endswith(":/var/lib/postgresql/data") for v in volumes)
    named = {v.split(":")[0] for v in volumes}
    assert named <= set(compose().get("volumes", {})), "the database lives in a named volume"


def test_compose_migrate_runs_once_before_the_services() -> None:
    migrate = compose()["services"]["migrate"]
    command = as_command(migrate["command"])
    assert re.search(r"relais migrate\s*&&\s*relais seed", command), command
    assert migrate.get("restart", "no") == "no"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert migrate["depends_on"]["rabbitmq"]["condition"] == "service_healthy"
    assert compose_env("migrate").get("RELAIS_MODE") == "external"


@pytest.mark.parametrize("service", SERVICES)
def test_compose_service(service: str) -> None:
    entry = compose()["services"][service]
    assert entry["command"] == ["relais", "run-service", service]
    assert entry["image"] == compose()["services"]["migrate"]["image"], "one image for the whole platform"
    assert entry["build"]["context"] == "."
    assert entry["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert entry["restart"] in ("always", "unless-stopped", "on-failure")
    check = as_command(entry["healthcheck"]["test"])
    assert f"127.0.0.1:{HTTP_PORT}/health/ready" in check
    env = compose_env(service)
    assert env[f"RELAIS_{service.upper()}_HTTP"] == f"0.0.0.0:{HTTP_PORT}"
    assert env["RELAIS_AMQP_URI"].startswith("amqp://") and "@rabbitmq:5672" in env["RELAIS_AMQP_URI"]
    assert env["RELAIS_DATABASE_URL"].startswith("postgresql://") and "@postgres:5432/" in env["RELAIS_DATABASE_URL"]
    # Same settings as in Kubernetes.
    assert set(env) == set(env_of(main_container(service))), f"{service}: compose and Kubernetes disagree"
    published = entry.get("ports", [])
    if service == "gateway":
        assert [str(p) for p in published] == [f"8080:{HTTP_PORT}"]
    else:
        assert not published, f"{service} is internal"


def test_compose_and_migrate_share_the_argon2_settings() -> None:
    for key in SERVICE_ENV["accounts"]:
        assert compose_env("migrate")[key] == compose_env("accounts")[key] == find("ConfigMap", CONFIGMAP)["data"][key]


# --- Dockerfile --------------------------------------------------------------------------------------------------


@cache
def dockerfile() -> tuple[tuple[str, str], ...]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    lines = [line for line in DOCKERFILE.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    pairs = []
    for line in joined.splitlines():
        if line.strip():
            instruction, _, args = line.strip().partition(" ")
            pairs.append((instruction.upper(), " ".join(args.split())))
    return tuple(pairs)


def dockerfile_instructions(name: str) -> list[str]:
    return [args for instruction, args in dockerfile() if instruction == name]


def makefile_packages() -> list[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    match = re.search(r"^PACKAGES\s*:=\s*(.+)$", text, re.MULTILINE)
    assert match, "Makefile has no PACKAGES"
    return match.group(1).split()


def test_dockerfile_builds_the_platform_image() -> None:
    assert dockerfile_instructions("FROM") == ["python:3.11-slim"]
    assert "/app" in dockerfile_instructions("COPY")[0].split()
    installs = [run for run in dockerfile_instructions("RUN") if "pip install" in run]
    assert len(installs) == 1
    install = installs[0].split("&&")[0].split()
    assert install[install.index("-c") + 1] == "constraints.txt"
    wanted = makefile_packages()
    packages = install[install.index("-c") + 2 :]
    assert packages == wanted, "install the same packages as `make install`"
    assert dockerfile_instructions("CMD") == ['["relais", "up"]']


def test_dockerfile_runs_as_non_root() -> None:
    users = dockerfile_instructions("USER")
    assert users, "no USER: the container would run as root"
    user = users[-1].split(":")[0]
    assert user.isdigit() and int(user) != 0, "a numeric non-root uid lets Kubernetes verify runAsNonRoot"
    last_user = max(i for i, (instruction, _) in enumerate(dockerfile()) if instruction == "USER")
    assert all(instruction != "RUN" for instruction, _ in dockerfile()[last_user:]), "RUN after USER"


def test_dockerignore_keeps_local_state_out() -> None:
    patterns = {line.strip().rstrip("/") for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()}
    for required in (".venv", "var", ".git", "**/__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"):
        assert required in patterns, required
    kept = {"kit", "services", "relais", "protos", "constraints.txt", "pyproject.toml"}
    assert not kept & patterns, "the image needs these"
