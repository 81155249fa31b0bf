# The attacker of the symlink-swap race (issue 11): exchange two names atomically, as fast as the
# kernel allows, until SIGTERM; then print how many exchanges were made. renameat2(2) with
# RENAME_EXCHANGE swaps a real folder and a symlink in one step, so a stager that checked the
# folder with lstat and then writes by path can be sent through the symlink.
import ctypes
import os
import signal
import sys

AT_FDCWD = -100
RENAME_EXCHANGE = 2

libc = ctypes.CDLL(None, use_errno=True)
renameat2 = libc.renameat2
renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
a = os.fsencode(sys.argv[1])
b = os.fsencode(sys.argv[2])
count = 0
running = True


def stop(_signum, _frame):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
sys.stdout.write("ready\n")
sys.stdout.flush()
while running:
    if renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0:
        sys.stderr.write("renameat2: %s\n" % os.strerror(ctypes.get_errno()))
        sys.exit(2)
    count += 1
# Leave the names as they were at the start (an even number of exchanges).
if count % 2 == 1:
    renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
    count += 1
sys.stdout.write("%d\n" % count)
sys.stdout.flush()
