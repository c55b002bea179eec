package io.github.kafkarouted.connector.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  /** A row whose route conditions and computed topics are given directly. */
  private record Row(Set<Integer> matching, String computed, String topicColumn)
      implements RoutableRow {
    @Override
    public boolean matches(int routeIndex) {
      return matching.contains(routeIndex);
    }

    @Override
    public String computedTopic(int routeIndex) {
      return computed;
    }
  }

  private static final List<RouteTable.Route> ROUTES =
      List.of(
          new RouteTable.Route("urgent", true, "route.1.topic"),
          new RouteTable.Route("errors", true, "route.2.topic"),
          new RouteTable.Route(null, true, "route.3.topicExpr"));

  @Test
  void firstMatchTakesTheLowestMatchingRoute() {
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, "standard", false);
    RouteTargets out = table.newTargets();
    assertEquals(1, table.resolve(new Row(Set.of(1, 2), "eu", null), out));
    assertEquals("errors", out.topic(0));
    assertEquals(1, out.route(0));
  }

  @Test
  void allMatchesFansOutInRouteOrder() {
    RouteTable table = new RouteTable(ROUTES, RoutingMode.ALL_MATCHES, "standard", false);
    RouteTargets out = table.newTargets();
    assertEquals(3, table.resolve(new Row(Set.of(0, 1, 2), "events-eu", null), out));
    assertEquals(List.of("urgent", "errors", "events-eu"), List.of(out.topic(0), out.topic(1), out.topic(2)));
    assertEquals(2, out.route(2));
  }

  @Test
  void unmatchedRowsGoToTheDefaultTopicOption() {
    RouteTable table = new RouteTable(ROUTES, RoutingMode.ALL_MATCHES, "standard", true);
    RouteTargets out = table.newTargets();
    assertEquals(1, table.resolve(new Row(Set.of(), null, "from-column"), out));
    assertEquals("standard", out.topic(0));
    assertEquals(table.defaultRouteIndex(), out.route(0));
  }

  @Test
  void withoutTopicOptionTheTopicColumnIsTheDefault() {
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, null, true);
    RouteTargets out = table.newTargets();
    assertEquals(1, table.resolve(new Row(Set.of(), null, "from-column"), out));
    assertEquals("from-column", out.topic(0));
  }

  @Test
  void noDefaultMeansNoTarget() {
    RouteTable table = new RouteTable(ROUTES, RoutingMode.FIRST_MATCH, null, false);
    RouteTargets out = table.newTargets();
    assertEquals(0, table.resolve(new Row(Set.of(), null, null), out));
  }

  @Test
  void unconditionalRouteAlwaysMatchesAndBufferIsReused() {
    RouteTable table =
        new RouteTable(
            List.of(new RouteTable.Route("all", false, "route.1.topic")),
            RoutingMode.FIRST_MATCH,
            null,
            false);
    RouteTargets out = table.newTargets();
    assertEquals(1, table.resolve(new Row(Set.of(), null, null), out));
    assertEquals(1, table.resolve(new Row(Set.of(), null, null), out));
    assertEquals("all", out.topic(0));
    assertNull(table.literalTopic(table.defaultRouteIndex()));
  }
}
