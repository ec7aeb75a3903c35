import socket, threading, time, os, struct, sys
def serve(port, handler, backlog=64, accept=True):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('127.0.0.1', port)); s.listen(backlog)
    if not accept:
        return s
    def loop():
        while True:
            c, _ = s.accept()
            threading.Thread(target=handler, args=(c,), daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()
    return s
def readreq(c):
    c.settimeout(10)
    try: c.recv(65536)
    except Exception: pass
def slow(c):
    readreq(c); time.sleep(6)
    try: c.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')
    except Exception: pass
    c.close()
def plain(c):
    readreq(c); c.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'); c.close()
def big(c):
    readreq(c); c.sendall(b'HTTP/1.1 200 OK\r\nSet-Cookie: session=' + b'a'*12000 + b'\r\nContent-Length: 2\r\n\r\nok'); c.close()
def close(c):
    readreq(c); c.close()
def reset(c):
    readreq(c); c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); c.close()
def invalid(c):
    readreq(c); c.sendall(b'HTTP/1.1 200 OK\r\nX-Ok: 1\r\nBroken header without colon\x01\r\n\r\nok'); c.close()
def garbage(c):
    readreq(c); c.sendall(b'\x01\x06\x00\x01\x00\x20\x00\x00garbage-not-http-at-all\r\n\r\n'); time.sleep(0.5); c.close()
keep = []
keep.append(serve(18901, slow)); keep.append(serve(18902, plain)); keep.append(serve(18903, big))
keep.append(serve(18904, close)); keep.append(serve(18905, reset)); keep.append(serve(18906, invalid))
keep.append(serve(18907, garbage))
full = serve(18908, None, backlog=0, accept=False)
for i in range(3):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(('127.0.0.1', 18908))
    except Exception: pass
    keep.append(c)
for name, mode in (('perm.sock', 0o600), ('backlog.sock', 0o666)):
    p = '/tmp/gsd/lab/' + name
    if os.path.exists(p): os.unlink(p)
    u = socket.socket(socket.AF_UNIX); u.bind(p); os.chmod(p, mode); u.listen(0 if name == 'backlog.sock' else 16)
    keep.append(u)
    if name == 'backlog.sock':
        for i in range(4):
            c = socket.socket(socket.AF_UNIX); c.setblocking(False)
            try: c.connect(p)
            except Exception as e: print('fill', e, file=sys.stderr)
            keep.append(c)
    else:
        def acc(u=u):
            while True:
                c, _ = u.accept(); threading.Thread(target=plain, args=(c,), daemon=True).start()
        threading.Thread(target=acc, daemon=True).start()
print('ready', flush=True)
time.sleep(3600)
