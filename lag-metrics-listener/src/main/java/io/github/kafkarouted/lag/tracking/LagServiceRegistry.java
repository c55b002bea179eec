package io.github.kafkarouted.lag.tracking;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The running {@link LagService} of each Spark application in this JVM, keyed by application id,
 * so that the application listener, session listeners and the plugin share one service, and
 * programs and tests can find it ({@link #find}, {@link #only}). Reference-counted: the service is
 * closed and removed when its last user releases it (at application end), or when it is closed
 * directly. Nothing stays registered after close.
 *
 * <p>Thread-safe.
 */
public final class LagServiceRegistry {

  private static final Map<String, Entry> BY_APPLICATION = new HashMap<>();

  private static final class Entry {
    final LagService service;
    int users;

    Entry(LagService service) {
      this.service = service;
    }
  }

  private LagServiceRegistry() {}

  /**
   * The application's service, started with {@code factory} if there is none; the caller must
   * {@link #release} it once.
   */
  public static LagService acquire(String applicationId, Supplier<LagService> factory) {
    synchronized (BY_APPLICATION) {
      Entry e = BY_APPLICATION.get(applicationId);
      if (e == null || e.service.isClosed()) {
        e = new Entry(factory.get());
        BY_APPLICATION.put(applicationId, e);
      }
      e.users++;
      return e.service;
    }
  }

  /** Gives back one reference; the last one closes the service. */
  public static void release(String applicationId, LagService service) {
    boolean last = false;
    synchronized (BY_APPLICATION) {
      Entry e = BY_APPLICATION.get(applicationId);
      if (e != null && e.service == service && --e.users <= 0) {
        BY_APPLICATION.remove(applicationId);
        last = true;
      }
    }
    if (last) {
      service.close(); // Outside the lock: closing waits for the poller thread.
    }
  }

  /** The service of an application, if running. */
  public static Optional<LagService> find(String applicationId) {
    synchronized (BY_APPLICATION) {
      Entry e = BY_APPLICATION.get(applicationId);
      return e == null ? Optional.empty() : Optional.of(e.service);
    }
  }

  /** The service, if exactly one application in this JVM runs one (the usual case). */
  public static Optional<LagService> only() {
    synchronized (BY_APPLICATION) {
      return BY_APPLICATION.size() == 1
          ? Optional.of(BY_APPLICATION.values().iterator().next().service)
          : Optional.empty();
    }
  }

  /** Removes a service that was closed directly. */
  static void forget(LagService service) {
    synchronized (BY_APPLICATION) {
      BY_APPLICATION.values().removeIf(e -> e.service == service);
    }
  }
}
