package dev.spawn.servlet.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spawn.Node;
import dev.spawn.NodeRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code /nodes} routes with the Go service's semantics: reads in priority order, PUT on one node
 * creates (201) or updates (202) and may move it, PUT on the list updates existing nodes only (all
 * or nothing), DELETE by address, by host or all. Every refusal happens before the registry
 * changes. Thread-safe.
 */
final class NodeHandlers {

  private static final String NOT_FOUND_INFO =
      "no node matches; list them with GET /nodes, add one with PUT /nodes/{host}/{port}";

  private final NodeRegistry registry;
  private final Predicate<Node> isSelf;

  NodeHandlers(NodeRegistry registry, Predicate<Node> isSelf) {
    this.registry = registry;
    this.isSelf = isSelf;
  }

  /**
   * A change replicated from a peer does not set this node's own maintenance flag. Peers hold
   * this node's updates while their own registry says it is in maintenance; the change that put it
   * there reaches this node only after they released it, so applying it here would make this node
   * refuse every later mirror, the one that ends the maintenance included.
   */
  private Node keepOwnMaintenance(Exchange x, Node before, Node after) {
    if (x.replicated() && isSelf.test(after) && before.maintenance() != after.maintenance()) {
      return after.withMaintenance(before.maintenance());
    }
    return after;
  }

  Reply list(Exchange x) {
    List<Node> all = registry.all();
    if (all.isEmpty()) {
      throw ApiError.notFound(NOT_FOUND_INFO);
    }
    return Reply.results(200, all);
  }

  Reply listByHost(Exchange x) {
    List<Node> nodes = registry.allByHost(host(x));
    if (nodes.isEmpty()) {
      throw ApiError.notFound(NOT_FOUND_INFO);
    }
    return Reply.results(200, nodes);
  }

  Reply get(Exchange x) {
    Node n = registry.get(host(x), port(x)).orElseThrow(() -> ApiError.notFound(NOT_FOUND_INFO));
    return Reply.results(200, List.of(n));
  }

  Reply putOne(Exchange x) {
    String host = host(x);
    int port = port(x);
    x.auditNode(Node.id(host, port));
    NodeFields fields =
        x.isForm()
            ? NodeFields.fromForm(x.form())
            : NodeFields.fromJson(Json.parse(x.body(), NodeFields.SHAPE), "");
    Optional<Node> existing = registry.get(host, port);
    if (existing.isEmpty()) {
      if ((fields.host() != null && !fields.host().equals(host))
          || (fields.port() != null && fields.port() != port)) {
        throw ApiError.badRequest(
            "Could not recognize parameters: node "
                + Node.id(host, port)
                + " does not exist, so it"
                + " cannot be moved to the host and port in the body",
            "to create a node, leave host and port out of the body or give the ones in the path");
      }
      Node created = fields.applyTo(Node.of(host, port), "");
      refusedByPolicy(() -> registry.put(created));
      return Reply.results(201, List.of(created));
    }
    Node updated = keepOwnMaintenance(x, existing.get(), fields.applyTo(existing.get(), ""));
    if (!updated.id().equals(existing.get().id())) {
      x.auditNode(updated.id());
      if (registry.get(updated.id()).isPresent()) {
        throw new ApiError(
            409,
            "Conflict: cannot move "
                + existing.get().id()
                + " to "
                + updated.id()
                + ": that node already exists",
            "delete or move the other node first");
      }
      boolean moved = refusedByPolicy(() -> registry.move(host, port, updated));
      if (!moved) {
        throw ApiError.notFound(NOT_FOUND_INFO);
      }
    } else {
      refusedByPolicy(() -> registry.put(updated));
    }
    return Reply.results(202, List.of(updated));
  }

  Reply putAll(Exchange x) {
    if (x.isForm()) {
      throw ApiError.badRequest(
          "Could not recognize parameters: PUT /nodes takes a JSON array of nodes",
          "send [" + NodeFields.SHAPE + ", ...]");
    }
    JsonNode body = Json.parse(x.body(), "a JSON array of nodes");
    if (body == null || !body.isArray() || body.isEmpty()) {
      throw ApiError.badRequest(
          "Could not recognize parameters: the body must be a non-empty JSON array of nodes",
          "send [" + NodeFields.SHAPE + ", ...]; only nodes that exist are updated");
    }
    Map<String, Node> updates = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      String where = "[" + i + "].";
      NodeFields f = NodeFields.fromJson(body.get(i), where);
      if (f.host() == null || f.port() == null) {
        throw ApiError.badRequest(
            "Could not recognize "
                + where
                + (f.host() == null ? "host" : "port")
                + " parameter: every node in the list needs host and port",
            "host and port say which existing node to update");
      }
      Optional<Node> current = registry.get(f.host(), f.port());
      String id = Node.id(f.host(), f.port());
      if (current.isEmpty()) {
        missing.add(id);
        continue;
      }
      Node next = keepOwnMaintenance(x, current.get(), f.applyTo(current.get(), where));
      if (updates.put(id, next) != null) {
        throw ApiError.badRequest(
            "Could not recognize parameters: node " + id + " is listed more than once",
            "list each node once");
      }
    }
    if (!missing.isEmpty()) {
      missing.forEach(x::auditNode);
      throw ApiError.notFound(
          "no node "
              + String.join(", ", missing)
              + "; PUT /nodes updates existing nodes only and"
              + " changed nothing; create nodes with PUT /nodes/{host}/{port}");
    }
    updates.keySet().forEach(x::auditNode);
    refusedByPolicy(
        () -> {
          registry.putAll(updates.values());
          return null;
        });
    return Reply.results(202, List.copyOf(updates.values()));
  }

  Reply deleteOne(Exchange x) {
    String host = host(x);
    int port = port(x);
    x.auditNode(Node.id(host, port));
    Optional<Node> n = registry.get(host, port);
    if (n.isEmpty() || !registry.delete(host, port)) {
      throw ApiError.notFound(NOT_FOUND_INFO);
    }
    return Reply.results(200, List.of(n.get()));
  }

  Reply deleteByHost(Exchange x) {
    String host = host(x);
    List<Node> nodes = registry.allByHost(host);
    nodes.forEach(n -> x.auditNode(n.id()));
    if (nodes.isEmpty() || !registry.deleteAllByHost(host)) {
      throw ApiError.notFound(NOT_FOUND_INFO);
    }
    return Reply.results(200, nodes);
  }

  Reply deleteAll(Exchange x) {
    List<Node> nodes = registry.all();
    nodes.forEach(n -> x.auditNode(n.id()));
    registry.deleteAll();
    return Reply.results(200, nodes);
  }

  /** The {@code host} route variable, checked the way a node checks it. */
  static String host(Exchange x) {
    String host = x.var("host");
    try {
      return Node.checkHost(host);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(
          "Could not recognize host parameter: " + Json.shorten(e.getMessage(), 300),
          "a host is a DNS name, an IPv4 address or a bracketed IPv6 literal");
    }
  }

  /** The {@code port} route variable: digits, 1..65535. */
  static int port(Exchange x) {
    return NodeFields.parsePort(
        x.var("port"),
        "port",
        "the port in the path is digits only, 1..65535, as in /nodes/a/8080");
  }

  private static <T> T refusedByPolicy(Supplier<T> change) {
    try {
      return change.get();
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(
          "Node refused: " + Json.shorten(e.getMessage(), 300),
          "the nodes-allow setting limits which addresses may be nodes");
    }
  }
}
