"""Stand-in for ``python -m ipykernel_launcher`` when kernels come from the fork
server (:mod:`vbe_lib.bygg.karnserver`). Standard library only; run as
``python -I -S karnklient.py <socket> <argv...>``.

Asks the server for a kernel (argv, working directory, environment and this
process's stdin/stdout/stderr), forwards every signal it receives to the kernel
and exits with the kernel's exit code. If this process is killed, the server
notices the closed connection and kills the kernel.
"""
import json
import os
import signal
import socket
import sys


def main() -> int:
    sokvag, argv = sys.argv[1], sys.argv[2:]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(sokvag)
    except OSError as exc:
        print(f"vbe: kärnservern svarar inte ({exc})", file=sys.stderr)
        return 1
    begaran = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}
    socket.send_fds(s, [json.dumps(begaran).encode("utf-8") + b"\n"], [0, 1, 2])
    svar = s.makefile("rb")
    rad = svar.readline()
    if not rad:
        print("vbe: kärnservern startade ingen kärna", file=sys.stderr)
        return 1
    pid = json.loads(rad)["pid"]

    def vidare(signum, _frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    for namn in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"):
        signal.signal(getattr(signal, namn), vidare)
    rad = svar.readline()
    kod = int(json.loads(rad)["kod"]) if rad else 1
    if kod < 0:  # the kernel died of a signal: so does this stand-in
        signal.signal(-kod, signal.SIG_DFL)
        os.kill(os.getpid(), -kod)
    return kod


if __name__ == "__main__":
    sys.exit(main())
