package io.github.kafkarouted.lag.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class AdminBrokerOffsetClientTest {

  private final List<Properties> created = new ArrayList<>();
  private final List<Properties> closed = new ArrayList<>();

  /** An Admin that only knows how to close; records its settings. */
  private Admin fakeAdmin(Properties props) {
    created.add(props);
    return (Admin)
        Proxy.newProxyInstance(
            Admin.class.getClassLoader(),
            new Class<?>[] {Admin.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                closed.add(props);
                return null;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static KafkaConnection connection(String servers) {
    return KafkaConnection.of(Map.of("kafka.bootstrap.servers", servers), Map.of()).orElseThrow();
  }

  private void touch(AdminBrokerOffsetClient client, KafkaConnection c) {
    // endOffsets fails on the fake Admin after creating (or reusing) the client.
    assertThrows(
        UnsupportedOperationException.class, () -> client.endOffsets(c, Set.of()));
  }

  @Test
  void oneAdminPerConnectionClosedWhenNoLongerUsed() {
    AdminBrokerOffsetClient client =
        new AdminBrokerOffsetClient(Duration.ofSeconds(1), this::fakeAdmin);
    KafkaConnection a = connection("a:1");
    KafkaConnection b = connection("b:1");

    touch(client, a);
    touch(client, a);
    touch(client, b);
    assertEquals(2, created.size());
    assertEquals(2, client.openClients());

    client.retainOnly(List.of(b));
    assertEquals(1, client.openClients());
    assertEquals("a:1", closed.get(0).get("bootstrap.servers"));

    client.close();
    client.close();
    assertEquals(2, closed.size());
    assertEquals(0, client.openClients());
  }

  @Test
  void adminGetsTheConnectionsSettingsAndBoundedTimeouts() {
    AdminBrokerOffsetClient client =
        new AdminBrokerOffsetClient(Duration.ofSeconds(3), this::fakeAdmin);

    touch(client, connection("a:1"));

    Properties props = created.get(0);
    assertEquals("a:1", props.get("bootstrap.servers"));
    assertEquals("3000", props.get("default.api.timeout.ms"));
    assertEquals("3000", props.get("request.timeout.ms"));
    assertTrue(props.containsKey("client.id"));
  }
}
