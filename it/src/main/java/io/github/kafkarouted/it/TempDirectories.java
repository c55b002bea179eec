package io.github.kafkarouted.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Temporary directories for fixtures: creation, recursive deletion, and deletion at JVM exit.
 * Thread-safe; the only state is the set of directories still to delete at exit, a closeable
 * registry drained by one shutdown hook.
 */
public final class TempDirectories {
  private static final Set<Path> DELETE_AT_EXIT = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> DELETE_AT_EXIT.forEach(TempDirectories::deleteQuietly),
                "temp-directories-cleanup"));
  }

  private TempDirectories() {}

  /** A new directory under {@code java.io.tmpdir} whose name starts with {@code prefix}. */
  public static Path create(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temp directory " + prefix + "*", e);
    }
  }

  /** A new directory under {@code parent} whose name starts with {@code prefix}. */
  public static Path create(Path parent, String prefix) {
    try {
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temp directory " + parent.resolve(prefix) + "*", e);
    }
  }

  /** Like {@link #create(String)}, and deleted when the JVM exits unless deleted earlier. */
  public static Path createDeletedAtExit(String prefix) {
    Path dir = create(prefix);
    DELETE_AT_EXIT.add(dir);
    return dir;
  }

  /** Deletes a file or directory tree; a missing path is fine. */
  public static void delete(Path path) {
    DELETE_AT_EXIT.remove(path);
    if (!Files.exists(path)) {
      return;
    }
    try {
      Files.walkFileTree(
          path,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + path, e);
    }
  }

  /** {@link #delete(Path)}, ignoring failures (for shutdown hooks and cleanup after a failure). */
  public static void deleteQuietly(Path path) {
    try {
      delete(path);
    } catch (RuntimeException ignored) {
      // nothing more to do at this point
    }
  }
}
