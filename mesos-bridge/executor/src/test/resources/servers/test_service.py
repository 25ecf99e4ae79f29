"""A tiny HTTP service for executor tests.

usage: test_service.py PORT HEALTH_BODY [EXIT_ON_PATH...]
Answers every GET with HEALTH_BODY, appends the path of every POST to lifecycle.log in its working directory,
and exits 0 right after answering a POST to one of the EXIT_ON_PATHs.
"""
import http.server
import os
import sys

port, body, exit_on = int(sys.argv[1]), sys.argv[2].encode(), set(sys.argv[3:])


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        with open('lifecycle.log', 'a') as log:
            log.write(self.path + '\n')
        self.send_response(200)
        self.send_header('Content-Length', '0')
        self.end_headers()
        self.wfile.flush()
        if self.path in exit_on:
            os._exit(0)


http.server.HTTPServer(('127.0.0.1', port), Handler).serve_forever()
