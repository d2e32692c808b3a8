"""The kernels that execute the book's notebooks talk to the build over encrypted sockets.

jupyter_client starts every kernel on TCP sockets at 127.0.0.1 with no transport encryption
unless told otherwise, and ipykernel (7.x) then logs, once per page, "Kernel is running over TCP
without encryption": noise in every build log that hides the warnings that matter. The fix the
message itself names is manager-provisioned CurveZMQ keys, which jupyter_client provides as the
kernel manager's ``transport_encryption`` policy; ipykernel's kernelspec declares that it
supports them. Neither myst-nb nor jupyter-cache passes configuration to the kernel manager it
creates, so this sets the policy's default to "auto" where it is defined, before any kernel
starts: a kernel that declares Curve support gets fresh keys, any other kernel runs as before.
"""

import zmq
from jupyter_client.manager import KernelManager


def setup(app):
    if zmq.has("curve"):  # pyzmq's wheels bundle libzmq with CurveZMQ
        KernelManager.class_traits()["transport_encryption"].default_value = "auto"
    return {"parallel_read_safe": True, "parallel_write_safe": True}
