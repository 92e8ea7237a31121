"""Take away a process's network and bound its memory: what the SPARQL workers run under.

Oxigraph executes ``SERVICE`` (federated query) and ``LOAD`` by making HTTP requests itself,
and pyoxigraph offers no switch to turn that off. A filter over the query text can only
approximate Oxigraph's grammar, so the workers are also made *unable* to open a network
socket: :func:`deny_network` installs a seccomp filter (Linux) under which ``socket()``
fails with ``EACCES`` for every address family but ``AF_UNIX`` (the pipe to the server
stays usable). Whatever a query says, its worker cannot reach another host, the loopback
interface included, and cannot resolve a name.

:func:`limit_memory` caps the process's data segment (``RLIMIT_DATA``: heap and anonymous
mappings), so one query (a large ``ORDER BY``) fails instead of taking the machine's memory.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import resource
import socket

__all__ = ["SandboxError", "await_ready", "deny_network", "limit_memory"]


class SandboxError(OSError):
    """The sandbox could not be installed on this system."""


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_SockFilter))]


# BPF opcodes: load word at absolute offset, jump if equal, bitwise and, return
_LD, _JEQ, _AND, _RET = 0x20, 0x15, 0x54, 0x06
_ALLOW = 0x7FFF0000
_ERRNO = 0x00050000
# machine -> (AUDIT_ARCH, socket(2) number, seccomp(2) number, mask of the syscall number)
_ARCH = {
    "x86_64": (0xC000003E, 41, 317, 0xBFFFFFFF),  # the mask folds the x32 ABI bit onto x86-64
    "aarch64": (0xC00000B7, 198, 277, 0xFFFFFFFF),
}
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1


def _program(arch: int, socket_nr: int, mask: int) -> list[tuple[int, int, int, int]]:
    deny = _ERRNO | errno.EACCES
    return [
        (_LD, 0, 0, 4),                   # A = seccomp_data.arch
        (_JEQ, 1, 0, arch),               # a foreign ABI (int 0x80 on x86-64): deny the call
        (_RET, 0, 0, deny),
        (_LD, 0, 0, 0),                   # A = seccomp_data.nr
        (_AND, 0, 0, mask),
        (_JEQ, 0, 3, socket_nr),          # not socket(): allow
        (_LD, 0, 0, 16),                  # A = low word of args[0], the address family
        (_JEQ, 1, 0, socket.AF_UNIX),     # AF_UNIX: allow
        (_RET, 0, 0, deny),               # AF_INET, AF_INET6, AF_PACKET, AF_NETLINK, ...: EACCES
        (_RET, 0, 0, _ALLOW),
    ]


def deny_network() -> None:
    """From now on, this process and its threads cannot open any socket but a Unix one.

    Irreversible, and inherited by children. Raises :class:`SandboxError` where it cannot be
    installed (not Linux, an unknown machine, a kernel without seccomp filters).
    """
    machine = platform.machine()
    if platform.system() != "Linux" or machine not in _ARCH:
        raise SandboxError(errno.ENOSYS, f"no network sandbox for {platform.system()} {machine}")
    arch, socket_nr, seccomp_nr, mask = _ARCH[machine]
    prog = _program(arch, socket_nr, mask)
    filters = (_SockFilter * len(prog))(*(_SockFilter(*ins) for ins in prog))
    fprog = _SockFprog(len(prog), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        code = ctypes.get_errno()
        raise SandboxError(code, f"prctl(PR_SET_NO_NEW_PRIVS): {errno.errorcode.get(code, code)}")
    if libc.syscall(seccomp_nr, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(fprog)) != 0:
        code = ctypes.get_errno()
        raise SandboxError(code, f"seccomp: {errno.errorcode.get(code, code)}")


def limit_memory(max_bytes: int) -> None:
    """Cap the heap and anonymous mappings of this process (``RLIMIT_DATA``) at ``max_bytes``.

    An allocation beyond it fails: Python raises :class:`MemoryError`, Rust code (Oxigraph)
    aborts the process, which the caller sees as a worker that died.
    """
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def await_ready(conn, timeout: float, what: str, kill) -> str:
    """Wait for a worker's start message ``("ready", message)`` on ``conn``; on a time-out, an
    early exit or a failure, ``kill()`` the worker and raise a clear error. Returns the message."""
    from diplograph.loaders.records import DiplographError

    if not conn.poll(timeout):
        kill()
        raise DiplographError(f"the {what} did not start within {timeout:g} s")
    try:
        state, message = conn.recv()
    except EOFError:
        state, message = "failed", f"the {what} exited while starting"
    if state != "ready":
        kill()
        raise DiplographError(message)
    return message
