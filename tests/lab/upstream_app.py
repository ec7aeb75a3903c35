#!/usr/bin/python3
"""The lab's upstream HTTP application (what nginx proxy_passes to).

It re-reads its mode from a file on every request, so `gslab break app_slow` takes effect without a
restart. Modes:
  ok         200 with a short text body
  slow       answers after --slow seconds (longer than the lab's proxy_read_timeout -> 504)
  close      reads the request and closes without answering ("upstream prematurely closed")
  reset      reads the request and resets the connection (RST: "Connection reset by peer")
  bigheader  answers with a header larger than proxy_buffer_size ("upstream sent too big header")
Python 3 standard library only.
"""

import argparse
import http.server
import signal
import socket
import struct
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True, help="lab directory (names this process for gslab)")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--mode-file", required=True)
    ap.add_argument("--slow", type=float, default=5.0)
    args = ap.parse_args()

    def current_mode():
        try:
            with open(args.mode_file) as f:
                return f.read().strip() or "ok"
        except OSError:
            return "ok"

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "gslab-app/1.0"
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % a))
            sys.stderr.flush()

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            mode = current_mode()
            if mode == "close":
                self.log_message("%s -> close without answer", self.requestline)
                self.close_connection = True
                return
            if mode == "reset":
                self.log_message("%s -> reset", self.requestline)
                # SO_LINGER 0 turns close() into an RST; close our file objects first so the
                # socket really closes here (a plain shutdown would send a FIN instead).
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.close_connection = True
                self.rfile.close()
                self.connection.close()
                return
            if mode == "slow":
                time.sleep(args.slow)
            body = ("gslab app ok: %s %s\n" % (self.command, self.path)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            if mode == "bigheader":
                self.send_header("X-Gslab-Big", "x" * 16384)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = handle_any

    class Server(http.server.ThreadingHTTPServer):
        allow_reuse_address = True
        daemon_threads = True

        def handle_error(self, request, client_address):
            pass  # resets and early closes are the point here, not errors

    def stop(signum, _frame):
        # The last line of the log says why the app went away (what an admin reads first).
        sys.stderr.write("gslab upstream app stopped by signal %d\n" % signum)
        sys.stderr.flush()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    srv = Server(("127.0.0.1", args.port), Handler)
    sys.stderr.write("gslab upstream app listening on 127.0.0.1:%d\n" % args.port)
    sys.stderr.flush()
    srv.serve_forever()


if __name__ == "__main__":
    main()
