package dev.aurora.operator.backend.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Picks free local ports for a task's named ports, the local stand-in for a Mesos agent's port ranges. */
final class FreePorts {
  private FreePorts() {}

  /** One distinct free port per name: all sockets are held open together so no two names get the same port. */
  static Map<String, Integer> allocate(Collection<String> names) {
    List<ServerSocket> held = new ArrayList<>();
    Map<String, Integer> ports = new LinkedHashMap<>();
    try {
      for (String name : names) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"));
        held.add(socket);
        ports.put(name, socket.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port for " + names, e);
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing a listening socket that never accepted cannot lose anything
        }
      }
    }
  }
}
