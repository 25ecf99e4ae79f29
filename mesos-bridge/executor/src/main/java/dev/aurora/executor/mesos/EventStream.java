package dev.aurora.executor.mesos;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The SUBSCRIBE connection, spoken as plain HTTP/1.1 over a socket. HttpURLConnection cannot be aborted from another
 * thread while a reader is blocked in a chunked body (its disconnect() waits for the reader's lock), yet the executor
 * must drop the stream from its task threads to exit; closing our own socket always unblocks the reader.
 */
final class EventStream implements AutoCloseable {
  private final Socket socket;
  private final InputStream body;

  private EventStream(Socket socket, InputStream body) {
    this.socket = socket;
    this.body = body;
  }

  /** POSTs {@code request} to {@code host:port/path} and returns the stream once a 200 arrived. */
  static EventStream open(String host, int port, String path, byte[] request, String authToken) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setTcpNoDelay(true);
      StringBuilder head = new StringBuilder()
          .append("POST ").append(path).append(" HTTP/1.1\r\n")
          .append("Host: ").append(host).append(':').append(port).append("\r\n")
          .append("Content-Type: application/json\r\n")
          .append("Accept: application/json\r\n")
          .append("Content-Length: ").append(request.length).append("\r\n");
      if (authToken != null) {
        head.append("Authorization: Bearer ").append(authToken).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(request);
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String status = line(in);
      boolean chunked = false;
      long length = -1;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring("content-length:".length()).trim());
        }
      }
      InputStream body = chunked ? new Dechunked(in) : length >= 0 ? limited(in, length) : in;
      String[] parts = status.split(" ", 3);
      if (parts.length < 2 || !parts[1].equals("200")) {
        String error = new String(body.readNBytes(4096), StandardCharsets.UTF_8);
        throw new IOException("SUBSCRIBE answered " + status + " " + error);
      }
      return new EventStream(socket, body);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The response body, de-chunked: a RecordIO stream of events. */
  InputStream body() {
    return body;
  }

  /** Safe from any thread: a reader blocked on {@link #body()} gets an IOException or end of stream. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static InputStream limited(InputStream in, long length) throws IOException {
    return new java.io.ByteArrayInputStream(in.readNBytes((int) Math.min(length, 1 << 20)));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed in the HTTP header");
      }
      if (c != '\r') {
        buffer.write(c);
      }
    }
    return buffer.toString(StandardCharsets.US_ASCII);
  }

  /** HTTP/1.1 chunked transfer coding: {@code <hex size>[;ext]\r\n<data>\r\n} ... {@code 0\r\n\r\n}. */
  private static final class Dechunked extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    Dechunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0; // readNBytes asks for 0 bytes once it has all; never block for the next chunk then
      }
      if (left == 0) {
        String size = line(in);
        int semicolon = size.indexOf(';');
        left = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
        if (left == 0) {
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("connection closed inside a chunk");
      }
      left -= n;
      if (left == 0) {
        line(in); // the CRLF after the chunk data
      }
      return n;
    }
  }
}
