"""`kg build | serve | load | validate | evaluate`: parses arguments and calls the stages."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TypeVar

from kg import __version__
from kg.config import Settings
from kg.errors import ConfigError, KgError, Terminated

EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130, as a shell reports a Ctrl-C
EXIT_TERMINATED = 128 + signal.SIGTERM  # 143


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        with _sigterm_raises():
            return int(args.func(args))
    except KgError as e:
        print(f"kg {args.command}: error: {e}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, Terminated) as e:
        what = "interrupted" if isinstance(e, KeyboardInterrupt) else "terminated"
        kept = "; the previous dumps are left as they were" if args.command == "build" else ""
        print(f"kg {args.command}: {what}{kept}", file=sys.stderr)
        return EXIT_INTERRUPTED if isinstance(e, KeyboardInterrupt) else EXIT_TERMINATED


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM raises Terminated (as SIGINT raises KeyboardInterrupt), so a build unwinds and
    cleans up instead of dying with its workers and temporary files left behind. A second
    SIGTERM while it cleans up is ignored. (`kg serve`: uvicorn handles signals while serving.)"""

    def handler(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg", description="News articles to a linked-data knowledge graph."
    )
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build the knowledge graph and its dumps")
    _build_args(b)
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("serve", help="serve the built graph: SPARQL endpoint and linked-data pages")
    s.add_argument("out", nargs="?", type=Path, metavar="DIR",
                   help="folder `kg build` wrote (default: build/); built from seeds/ if empty")
    s.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, help="port to listen on (default 8000)")
    s.add_argument("--base-iri", help="base IRI the data was built with")
    s.add_argument("--public-url", help="public URL of the server, if behind a proxy")
    s.add_argument("--store", metavar="URL",
                   help="answer from this remote SPARQL 1.1 query endpoint (put the build there "
                        "with `kg load`) instead of the embedded store; DIR still gives the "
                        "build's VoID and dumps")
    s.set_defaults(func=cmd_serve)

    ld = sub.add_parser("load", help="put a build into a remote store (SPARQL Graph Store "
                                     "Protocol), replacing its graphs in one step")
    ld.add_argument("url", metavar="URL",
                    help="the store's Graph Store Protocol endpoint (Oxigraph server: "
                         "http://HOST:7878/store)")
    ld.add_argument("dir", nargs="?", type=Path, default=Path("build"), metavar="DIR",
                    help="folder `kg build` wrote, or its dumps folder (default: build/)")
    ld.add_argument("--query", metavar="URL", help="its query endpoint (default: URL's sibling "
                                                   "`query`)")
    ld.add_argument("--update", metavar="URL", help="its update endpoint (default: URL's "
                                                    "sibling `update`)")
    ld.set_defaults(func=cmd_load)

    v = sub.add_parser("validate", help="validate RDF dumps against the shapes")
    v.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="dump files or a dumps folder"
    )
    v.set_defaults(func=cmd_validate)

    e = sub.add_parser("evaluate", help="score extraction against gold annotations")
    e.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="articles to build and score"
    )
    e.add_argument("--gold", type=Path, required=True,
                   help="folder of gold: devset JSON files, or BRAT standoff (NAME.txt + NAME.ann)")
    e.add_argument("--predictions", type=Path, help="keep the prediction JSON files here")
    e.add_argument("--subset", choices=("quotes", "speech"),
                   help="BRAT gold: only the recall on this part of the gold")
    e.add_argument("--json", action="store_true", help="BRAT gold: print the scores as JSON")
    e.add_argument("--base-iri", help="base IRI of the data")
    e.set_defaults(func=cmd_evaluate)
    return p


def _build_args(b: argparse.ArgumentParser) -> None:
    b.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: seeds/)"
    )
    b.add_argument("-o", "--out", type=Path, help="output folder (default: build/)")
    b.add_argument("--base-iri", help="base IRI for minted IRIs (default https://example.org/newskg/)")
    b.add_argument("--workers", type=int, help="processes for extraction, mapping and validation")
    b.add_argument("--gzip", action="store_true", default=None, help="gzip the dump files")
    b.add_argument("--no-text", dest="include_text", action="store_false", default=None,
                   help="leave the article text out of the dumps (checksums and spans stay)")
    b.add_argument("--publish-partial", action="store_true", default=None,
                   help="publish the accepted articles even if some input was rejected (by "
                        "default such a build leaves the previous dumps as they were)")
    b.add_argument("--executor", metavar="WHERE",
                   help="run the per-file work on Dask: local-dask (a local cluster of "
                        "--workers processes) or dask://HOST:PORT (a scheduler); default local")
    b.add_argument("--no-cache", dest="cache", action="store_false", default=None,
                   help="build every file again, neither reading nor writing OUT/cache/")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        base_iri=getattr(args, "base_iri", None),
        out_dir=getattr(args, "out", None),
        inputs=tuple(args.paths) if getattr(args, "paths", None) else None,
        workers=getattr(args, "workers", None),
        gzip=getattr(args, "gzip", None),
        include_text=getattr(args, "include_text", None),
        publish_partial=getattr(args, "publish_partial", None),
        cache=getattr(args, "cache", None),
        executor=getattr(args, "executor", None),
    )


def cmd_build(args: argparse.Namespace) -> int:
    from kg.pipeline import build

    settings = settings_from(args)
    result = build(settings, progress=None if args.quiet else _progress)
    print(summary(result, settings.report_path))
    if not result.published:
        print(withheld(result, settings), file=sys.stderr)
    return result.exit_code


_T = TypeVar("_T")


def _progress(items: Iterable[_T], total: int) -> Iterable[_T]:
    if total < 20 or not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    bar: Iterable[_T] = tqdm(items, total=total, unit="file", desc="kg build", file=sys.stderr)
    return bar


def summary(result: object, report: Path | None = None) -> str:
    from kg.pipeline import BuildResult

    assert isinstance(result, BuildResult)
    r = result
    where = f", listed with why in {report}" if report is not None and r.skipped else ""
    lines = [
        f"kg build: {r.files} files read ({r.skipped} skipped{where}), {r.articles_read} articles, "
        f"{r.built} built, {len(r.rejections)} rejected",
        f"  {r.triples} triples in {r.graphs} graphs, {r.seconds:.1f} s",
        f"  dumps: {r.dumps}" if r.dumps else "  nothing published",
    ]
    if r.cache is not None:
        lines.insert(2, f"  {r.cache.built} files built, {r.cache.reused} from the cache")
        lines += [f"  {note}" for note in r.cache.notes]
    if r.rejections:
        lines.append("rejected:")
        lines += ["  " + x.describe().replace("\n", "\n  ") for x in r.rejections]
    if r.warnings:
        lines.append("values left out (the articles were built):")
        lines += ["  " + x.describe() for x in r.warnings]
    return "\n".join(lines)


def withheld(result: object, settings: Settings) -> str:
    """One line on a build that published nothing: why, and what became of the dumps."""
    from kg.pipeline import BuildResult

    assert isinstance(result, BuildResult)
    link = settings.dumps_dir
    kept = (f"previous dumps in {link} left as they were" if link.exists()
            else f"nothing published to {link}")
    n = len(result.rejections)
    if result.built == 0:
        why = f"{n} rejected, nothing built" if n else "no input to build"
        return f"kg build: {why}; {kept}"
    return f"kg build: {n} rejected; {kept}; use --publish-partial to publish the rest"


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from kg.web.app import create_app, lookups

    settings = Settings.from_env(out_dir=args.out, host=args.host, port=args.port,
                                 base_iri=args.base_iri, public_url=args.public_url,
                                 store_url=args.store)
    if settings.out_dir.exists() and not settings.out_dir.is_dir():
        raise ConfigError(f"output folder {settings.out_dir}: is a file, not a folder")
    url = server_url(settings)
    if args.base_iri is None and settings.base_iri == DEFAULT_BASE_IRI:
        settings = settings.with_(base_iri=url)  # its own builds: IRIs under its own URL
    if settings.dumps_dir.exists():
        settings = _served_base(settings, explicit=args.base_iri is not None, url=url)
    elif settings.store_url:
        raise ConfigError(f"kg serve --store: no build in {settings.out_dir}: give the folder "
                          "`kg build` wrote (its VoID, dumps and base IRI are served), the one "
                          "`kg load` put into the store")
    else:
        if not any(p.exists() for p in settings.inputs):
            raise ConfigError(f"nothing to serve: nothing built in {settings.out_dir} and no "
                              f"{', '.join(map(str, settings.inputs))} to build; run "
                              "`kg build PATH` first, or `kg serve DIR` with the folder it wrote")
        inputs = ", ".join(map(str, settings.inputs))
        print(f"kg serve: nothing built in {settings.out_dir} yet; building {inputs} "
              f"with base IRI {settings.base_iri}", file=sys.stderr)
        code = _first_build(settings)
        if code is not None:
            return code
    _check_listen(settings.host, settings.port)
    if settings.store_url:
        from kg.web.remote import probe

        probe(settings)
    over = f", answered by the store at {settings.store_url}" if settings.store_url else ""
    print(f"kg serve: {url} (SPARQL endpoint {url}sparql{over})", file=sys.stderr)
    from kg.web.http import protocol  # a request HTTP itself refuses: problem+json too

    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning",
                h11_max_incomplete_event_size=settings.max_get_url + 16_384,
                http=protocol(lookups(app)), loop="auto", access_log=False)
    return 0


_STOPPING = {signal.SIGINT, signal.SIGTERM}


def _first_build(settings: Settings) -> int | None:
    """``kg serve``'s first build, in a process of its own: the server then never holds the
    build's libraries and model (some 200 MB it would keep while idle). None when it published
    dumps to serve, else its exit code. No dumps to lose yet: it serves what it could build,
    rejections listed. Ctrl-C reaches both processes; the build unwinds on its own (as in
    ``kg build``) and the server waits for it before it reports the interruption."""
    import multiprocessing

    child = multiprocessing.get_context("spawn").Process(
        target=_build_for_serve, args=(settings.with_(publish_partial=True),), name="kg-build")
    interrupted: BaseException | None = None
    # a Ctrl-C or SIGTERM while the child starts is acted on once it has started: cut short, the
    # start would leave the child to die reading what it was to run, with a traceback. (Not by
    # blocking the signals: another thread of this process may take them, and Python raises
    # them in the main thread all the same.)
    held: list[int] = []
    previous = {s: signal.signal(s, lambda signum, frame: held.append(signum))
                for s in _STOPPING}
    try:
        child.start()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if held:
        interrupted = KeyboardInterrupt() if held[0] == signal.SIGINT else Terminated()
        child.terminate()
    while True:
        try:
            child.join()
            break
        except (KeyboardInterrupt, Terminated) as e:
            interrupted = interrupted or e
            child.terminate()  # SIGTERM: it unwinds, cleans up and ends (a second is ignored)
    if interrupted is not None:
        raise interrupted
    if child.exitcode != 0:
        return child.exitcode if child.exitcode and child.exitcode > 0 else 1
    return None


def _build_for_serve(settings: Settings) -> None:
    """The child of ``_first_build``: the build and its summary, on stderr; exit 0 when it
    published dumps, else the build's exit code."""
    from kg.pipeline import build

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server sends SIGTERM; one ending, not two
    try:
        with _sigterm_raises():
            result = build(settings, progress=_progress)
    except Terminated:
        sys.exit(EXIT_TERMINATED)
    except KgError as e:
        print(f"kg serve: error: {e}", file=sys.stderr)
        sys.exit(2)
    print(summary(result, settings.report_path), file=sys.stderr)
    sys.exit(0 if result.dumps is not None else result.exit_code)


DEFAULT_BASE_IRI = str(Settings.__dataclass_fields__["base_iri"].default)
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def server_url(settings: Settings) -> str:
    """The URL the server is reached at, ending in '/': ``public_url`` if set, else
    http://HOST:PORT/ (the machine's name for a wildcard address)."""
    if settings.public_url:
        return settings.public_url.rstrip("/") + "/"
    host = settings.host
    if host in WILDCARD_HOSTS:
        import socket

        host = socket.gethostname()
    return f"http://[{host}]:{settings.port}/" if ":" in host else f"http://{host}:{settings.port}/"


def _check_listen(host: str, port: int) -> None:
    """A usage error in one line if the address cannot be listened on (uvicorn would log it and
    exit 3)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(infos[0][4])
    except OSError as e:
        raise ConfigError(
            f"cannot listen on {host}:{port}: {(e.strerror or str(e)).lower()}"
        ) from None


def built_base_iri(dumps: Path) -> str | None:
    """The base IRI a published build was made with (its VoID ``void:uriSpace``), if known."""
    import gzip

    import pyoxigraph as ox

    try:
        plain = dumps / "void.ttl"
        data = (plain.read_bytes() if plain.exists()
                else gzip.decompress((dumps / "void.ttl.gz").read_bytes()))
        quads = ox.parse(data, format=ox.RdfFormat.TURTLE)
        return next((q.object.value for q in quads
                     if q.predicate.value == "http://rdfs.org/ns/void#uriSpace"), None)
    except (OSError, SyntaxError):
        return None


def _served_base(settings: Settings, explicit: bool, url: str | None = None) -> Settings:
    """Serve under the base IRI the data was built with: without --base-iri, kg adopts it and
    says so in one line (its IRIs' paths are served, under the server's URL); a --base-iri that
    differs from it is a usage error (every page would be 404)."""
    built = built_base_iri(settings.dumps_dir)
    if built is None or built == settings.base_iri:
        return settings
    if explicit:
        raise ConfigError(f"{settings.out_dir} was built with base IRI {built}, not "
                          f"{settings.base_iri}: serve it with --base-iri {built}, or rebuild "
                          f"with --base-iri {settings.base_iri}")
    if settings.base_iri == url:
        print(f"kg serve: {settings.out_dir} was built with base IRI {built}, not this server's "
              f"URL {url}: {built}entity/... is served at {url}entity/... (IRIs that resolve "
              f"need a build with --base-iri {url}, or a redirect from {built} to here)",
              file=sys.stderr)
    else:
        print(f"kg serve: {settings.out_dir} was built with base IRI {built} (not the "
              f"configured {settings.base_iri}); serving its IRIs' paths", file=sys.stderr)
    return settings.with_(base_iri=built)


def cmd_load(args: argparse.Namespace) -> int:
    from kg.load import Endpoints, load

    settings = Settings.from_env()
    endpoints = Endpoints.of(args.url, args.query, args.update)
    result = load(endpoints, args.dir, settings.store_auth)
    gone = f"; {result.dropped} graphs of the previous build dropped" if result.dropped else ""
    print(f"kg load: {result.graphs} graphs, {result.triples} triples into {endpoints.store}, "
          f"each graph's count checked{gone} ({result.seconds:.1f} s)")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from kg.checks import validate_dumps

    settings = Settings.from_env()
    report, n = validate_dumps(args.paths, settings)
    for v in report.violations:
        print(v.describe())
    verdict = (
        "conforms" if report.conforms else f"does not conform ({len(report.violations)} results)"
    )
    print(f"kg validate: {n} triples {verdict}")
    return 0 if report.conforms else 1


def cmd_evaluate(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate

    # evaluate builds into a folder of its own and scores what was built, rejections or not
    settings = Settings.from_env(base_iri=args.base_iri, inputs=tuple(args.paths),
                                 publish_partial=True)
    return evaluate(settings, args.gold, args.predictions, args.subset, args.json)
