package io.github.kafkarouted.it;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the plugin, written down as rules that fail the build (this module sees the main
 * classes of every plugin module): no package cycles; the routing, dispatch and dead-letter core is
 * plain Java (no Spark); the lag listener stands alone; the dead-letter module never reaches back
 * into the connector; and what runs on executors never reaches the driver-only option parsing and
 * planning (a driver class there is either not serializable or drags the driver's state along).
 */
class ArchitectureTest {

  private static final String BASE = "io.github.kafkarouted";

  private static JavaClasses plugin;

  @BeforeAll
  static void importPluginClasses() {
    plugin =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE + ".connector", BASE + ".dlq", BASE + ".lag");
  }

  /** The rules would pass vacuously on an empty import: make sure they see every plugin module. */
  @Test
  void theRulesSeeEveryPluginModule() {
    for (String pkg : new String[] {".connector.", ".dlq.", ".lag."}) {
      org.junit.jupiter.api.Assertions.assertTrue(
          plugin.stream().anyMatch(c -> c.getPackageName().startsWith(BASE + pkg.substring(0, pkg.length() - 1))),
          "no class of " + BASE + pkg + "* imported");
    }
  }

  @Test
  void noPackageCycles() {
    slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(plugin);
  }

  @Test
  void theRoutingDispatchAndDeadLetterCoreIsPlainJava() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(
                BASE + ".connector.routing..",
                BASE + ".connector.quality..",
                BASE + ".connector.dispatch..",
                BASE + ".connector.delivery..",
                BASE + ".dlq.model..",
                BASE + ".dlq.codec..",
                BASE + ".dlq.writer..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.spark..", "scala..");
    rule.check(plugin);
  }

  @Test
  void theLagListenerStandsAlone() {
    noClasses()
        .that()
        .resideInAPackage(BASE + ".lag..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(BASE + ".connector..", BASE + ".dlq..")
        .check(plugin);
  }

  @Test
  void theDeadLetterModuleNeverReachesIntoTheConnector() {
    noClasses()
        .that()
        .resideInAPackage(BASE + ".dlq..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BASE + ".connector..")
        .check(plugin);
  }

  @Test
  void executorSideClassesNeverReachDriverOnlyOnes() {
    noClasses()
        .that(
            or(
                resideInAnyPackage(
                    BASE + ".connector.task..",
                    BASE + ".connector.dispatch..",
                    BASE + ".connector.routing..",
                    BASE + ".connector.quality..",
                    BASE + ".connector.delivery..",
                    BASE + ".connector.metadata..",
                    BASE + ".connector.producer..",
                    BASE + ".connector.foreach.."),
                simpleName("WriterSpec"),
                simpleName("DeadLetterSpec"),
                simpleName("RoutedDataWriter"),
                simpleName("RoutedWriterFactory")))
        .should()
        .dependOnClassesThat(
            or(
                simpleName("SinkConf"),
                simpleName("SinkOptions"),
                simpleName("OptionKeys"),
                simpleName("ProducerSettingsCheck"),
                simpleName("RouteOption"),
                simpleName("SinkPlanner"),
                simpleName("DeadLetterPlanner"),
                simpleName("TopicCheck"),
                simpleName("FeedbackLoopCheck"),
                simpleName("StreamingTriggers"),
                simpleName("KafkaRoutedProvider"),
                simpleName("KafkaRoutedTable")))
        .because("executors get a resolved, serializable WriterSpec; option parsing and planning stay on the driver")
        .check(plugin);
  }
}
