package io.github.kafkarouted.it.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks ports on 127.0.0.1 that are free right now. Another process can still take one before
 * the broker binds it; {@link LocalKafkaBroker} retries with new ports when that happens.
 * Stateless and thread-safe.
 */
final class FreePorts {
  private FreePorts() {}

  /** {@code count} distinct free ports, all held open together while choosing so none repeats. */
  static int[] pick(int count) {
    List<ServerSocket> sockets = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LocalKafkaBroker.HOST));
        socket.setReuseAddress(true);
        sockets.add(socket);
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find free ports on 127.0.0.1", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // best effort: the port is released when the socket is collected anyway
        }
      }
    }
  }
}
