package dev.spawn.examples.gateway;

import dev.spawn.Node;
import dev.spawn.SpawnConfig;
import dev.spawn.config.JournalConfig;
import dev.spawn.config.QueryMode;
import java.io.PrintStream;
import java.util.List;

/** The lines an operator reads when the gateway has started. Stateless. */
final class StartupLines {

  private StartupLines() {}

  static void print(PrintStream out, SpawnGateway gateway, SpawnConfig config) {
    out.println("Spawn gateway " + GatewayCommand.Version.version() + " started");
    out.println("  proxy:   " + gateway.proxyUri());
    out.println("  api:     " + gateway.apiUri() + "  (admin REST API, auth "
        + gateway.spawn().config().auth().type().name().toLowerCase(java.util.Locale.ROOT) + ")");
    JournalConfig j = config.journal();
    out.println("  journal: " + (j.memory() ? "in memory (NOT durable)"
        : j.path().toAbsolutePath() + " (sync " + j.sync().name().toLowerCase() + ", id "
            + gateway.spawn().journal().id() + ")"));
    List<Node> nodes = gateway.spawn().nodes().all();
    out.println("  nodes:   " + (nodes.isEmpty() ? "none (add some to the config file)" : ""));
    for (Node n : nodes) {
      out.println("    " + n.baseUri() + "  priority " + n.priority()
          + (n.active() ? "" : "  inactive") + (n.maintenance() ? "  maintenance" : ""));
    }
    out.println("  reads:   " + reads(config.queryMode(), config.priorityTiers())
        + "; health check GET " + config.healthCheck().url() + " every "
        + config.healthCheck().interval().toSeconds() + " s");
    out.println("  writes:  " + config.mirror().methods() + " journaled for every node; "
        + (config.respond() == SpawnConfig.Respond.PRIMARY
            ? "respond primary (the best node runs a write first; what it accepts is replicated)"
            : "respond first (the first node's answer, or 202 after "
                + config.delivery().responseTimeout().toMillis() + " ms)"));
  }

  private static String reads(QueryMode mode, boolean tiers) {
    if (mode.roundRobin() && mode.byPriority()) {
      return "round-robin in priority order" + (tiers ? " within the best priority" : "");
    }
    if (mode.roundRobin()) {
      return "round-robin" + (tiers ? " within the best priority" : "");
    }
    if (mode.byPriority()) {
      return "by priority (the best healthy node)";
    }
    return "the first healthy node in priority order (neither round-robin nor by-priority set)";
  }
}
