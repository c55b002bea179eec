package io.github.kafkarouted.lag.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LagServiceRegistryTest {

  private final String app = "app-" + UUID.randomUUID();

  private LagService newService() {
    return LagService.start(
        LagListenerConf.from(Map.of(LagListenerConf.POLL_INTERVAL, "1h")),
        new FakeClock(0),
        new FakeBrokers(),
        QueryInspector.none());
  }

  @Test
  void usersOfOneApplicationShareOneServiceUntilTheLastReleasesIt() {
    LagService first = LagServiceRegistry.acquire(app, this::newService);
    LagService second = LagServiceRegistry.acquire(app, this::newService);
    assertSame(first, second);
    assertEquals(Optional.of(first), LagServiceRegistry.find(app));

    LagServiceRegistry.release(app, first);
    assertFalse(first.isClosed());
    assertEquals(Optional.of(first), LagServiceRegistry.find(app));

    LagServiceRegistry.release(app, second);
    assertTrue(first.isClosed());
    assertEquals(Optional.empty(), LagServiceRegistry.find(app));
  }

  @Test
  void serviceClosedDirectlyLeavesTheRegistry() {
    LagService service = LagServiceRegistry.acquire(app, this::newService);

    service.close();

    assertEquals(Optional.empty(), LagServiceRegistry.find(app));
    LagService next = LagServiceRegistry.acquire(app, this::newService);
    assertNotSame(service, next);
    LagServiceRegistry.release(app, next);
  }

  @Test
  void onlyFindsTheSingleRunningService() {
    LagService service = LagServiceRegistry.acquire(app, this::newService);
    try {
      assertEquals(Optional.of(service), LagServiceRegistry.only());
    } finally {
      LagServiceRegistry.release(app, service);
    }
    assertEquals(Optional.empty(), LagServiceRegistry.only());
  }
}
