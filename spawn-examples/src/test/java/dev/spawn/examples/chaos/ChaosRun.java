package dev.spawn.examples.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A chaos run against a real three-node cluster: starts the nodes as child JVMs, lets clients
 * write while {@link Monkey} kills, stops and holds nodes, then settles the cluster ({@link
 * Convergence}) and checks that every acknowledged write is on every node ({@link Checks}).
 *
 * <p>From the command line ({@code bench/chaos.sh}): {@code ChaosRun [seconds] [work dir]
 * [seed]}; prints the summary and exits 0 when the run passed, 1 when it did not. The child JVMs
 * use this JVM's class path, so the test classpath of spawn-examples is enough.
 */
public final class ChaosRun {

  private ChaosRun() {}

  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 240;
    Path dir = args.length > 1 ? Path.of(args[1])
        : Path.of("target", "chaos-" + Instant.now().toString().replace(':', '-'));
    long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
    ChaosReport report = run(ChaosSettings.of(Duration.ofSeconds(seconds), dir, seed));
    System.out.println(report.summary());
    System.out.println("node logs and data: " + dir.toAbsolutePath());
    System.exit(report.passed() ? 0 : 1);
  }

  /** One run; the work dir keeps the nodes' logs, data and journals afterwards. */
  static ChaosReport run(ChaosSettings settings) throws Exception {
    Files.createDirectories(settings.workDir());
    String classpath = System.getProperty("java.class.path");
    try (ChaosCluster cluster = ChaosCluster.create(settings.workDir(), 3, classpath,
        ChaosCluster.NOTES_APP)) {
      for (ChildNode n : cluster.nodes()) {
        n.start();
      }
      for (int i = 0; i < cluster.size(); i++) {
        cluster.awaitHealthy(i, Duration.ofSeconds(60));
      }
      WriteLog log = new WriteLog();
      Writers writers = new Writers(cluster, log, settings.writers(), settings.writesPerSecond(),
          settings.seed());
      Monkey monkey = new Monkey(cluster, settings.seed(), settings.minPause(),
          settings.maxPause());
      Instant started = Instant.now();
      System.out.println("[chaos] 3 nodes up (ports " + ports(cluster) + ", dir "
          + settings.workDir().toAbsolutePath() + "); chaos for " + settings.duration()
          .toSeconds() + " s, seed " + settings.seed());
      writers.start();
      monkey.start();
      awaitEnd(settings.duration(), log, cluster);
      monkey.stop();
      writers.stop();
      System.out.println("[chaos] chaos over: " + log.size() + " writes attempted; settling");

      Convergence.Result convergence = new Convergence(cluster, settings.convergeTimeout())
          .settle();
      System.out.println("[chaos] settled; reading every acknowledged write back");
      Checks.Result checks = new Checks(cluster, log).run();
      return new ChaosReport(settings, started, log.size(), log.counts(), log.otherStatuses(),
          log.examples(WriteLog.Outcome.OTHER_STATUS, 5),
          log.examples(WriteLog.Outcome.UNAVAILABLE, 2), log.sequenceSummary(),
          monkey.kills.get(), monkey.stops.get(),
          monkey.restarts.get(), monkey.maintenanceRounds.get(), monkey.adminRefused.get(),
          monkey.errors(), convergence, checks);
    }
  }

  /** Lets the chaos go on for {@code duration}, printing progress every 10 s. */
  private static void awaitEnd(Duration duration, WriteLog log, ChaosCluster cluster)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    try {
      clock.scheduleAtFixedRate(() -> System.out.println("[chaos] "
          + (System.nanoTime() - start) / 1_000_000_000 + " s: " + log.size() + " writes, "
          + log.counts().get(WriteLog.Outcome.ACKED) + " acknowledged; running " + up(cluster)
          + ", queued for peers " + backlog(cluster)),
          10, 10, TimeUnit.SECONDS);
      clock.schedule(done::countDown, duration.toMillis(), TimeUnit.MILLISECONDS);
      done.await();
    } finally {
      clock.shutdownNow();
    }
  }

  private static List<Integer> up(ChaosCluster cluster) {
    List<Integer> up = new ArrayList<>();
    cluster.nodes().stream().filter(ChildNode::alive).forEach(n -> up.add(n.index()));
    return up;
  }

  /** Updates waiting in the queues of the nodes that answer, per node ("-" when it does not). */
  private static List<String> backlog(ChaosCluster cluster) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      try {
        out.add(Long.toString(cluster.queues(i).stream()
            .mapToLong(q -> q.path("depth").asLong()).sum()));
      } catch (RuntimeException e) {
        out.add("-");
      }
    }
    return out;
  }

  private static List<Integer> ports(ChaosCluster cluster) {
    return cluster.nodes().stream().map(ChildNode::port).toList();
  }
}
