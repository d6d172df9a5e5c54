package dev.spawn.servlet;

import dev.spawn.Spawn;
import dev.spawn.SpawnConfig;
import dev.spawn.mirror.InboundMirror;
import dev.spawn.mirror.MirrorHeaders;
import dev.spawn.mirror.SpawnIds;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet filter that makes a webapp one node of a Spawn cluster: every mutating request the
 * app accepts here is journaled and repeated on every peer, and the mirrored requests peers send
 * are verified and applied here exactly once.
 *
 * <p><b>Origin side</b> (a request without {@code Spawn-Seq} whose method is in {@code
 * mirror.methods}): before the app runs, a body over {@code mirror.max-body-bytes} is answered 413
 * (or, with {@code oversize: pass-through}, run here only and answered with {@code
 * Spawn-Replicated: false}); a full journal is answered 503 with {@code Retry-After}; the request
 * gets its {@code Spawn-Id} and origin time (request attributes {@link MirrorHeaders#ATTR_SPAWN_ID}
 * and {@link MirrorHeaders#ATTR_ORIGIN_TIME}, and headers of the same names: a client's own
 * {@code Spawn-*} headers are hidden); with {@code ordering: path} writes to one path wait for
 * each other. The app then runs with its answer held. If the answer's status replicates ({@code
 * mirror.replicated-statuses}, default 2xx and 303) the request is journaled durably, the write
 * concern ({@code acks}) is awaited and reported as {@code Spawn-Acks: k/n}, and only then does
 * the client get the answer: a client never sees success for a write that is not journaled. Other
 * answers go out unreplicated.
 *
 * <p><b>If journaling fails after the app ran</b> (the journal filled up meanwhile, or its disk
 * failed), the write is applied on this node but on no other. The client gets 503 with a message
 * saying exactly that instead of the app's answer, the event is logged at ERROR, and {@link
 * #notReplicatedCount()} counts it; the nodes then differ until an operator acts.
 *
 * <p><b>Receiving side</b> (a request with {@code Spawn-Seq}): the signature is checked against
 * this node's {@code self} (401 when it does not verify; skipped only with no secret and {@code
 * mirror.insecure}); a node whose own entry is in maintenance answers 503; then, one update per
 * sending journal at a time, a duplicate is answered 200 with {@code Spawn-Duplicate: true}
 * without running the app, a gap 409 with {@code Spawn-Expected}, and anything else is applied
 * with {@link MirrorHeaders#ATTR_REPLICATED} set (never mirrored again) and the origin's user as
 * {@code getUserPrincipal()}; its high-water mark is committed before the answer leaves.
 *
 * <p><b>Registration.</b> Map it to {@code /*} for the {@code REQUEST} and {@code ASYNC}
 * dispatcher types with async support on, in front of every other filter, security filters
 * included (see {@link #DEFAULT_ORDER}): peers' requests carry no session and are authenticated
 * by their signature. In code, {@code new SpawnFilter(spawn)}; the caller owns the {@link Spawn}
 * and starts and closes it. In {@code web.xml}, the no-argument constructor with the init-param
 * {@value #CONFIG_PARAM} naming the JSON config file; the filter then builds and starts its own
 * Spawn in {@link #init} and closes it in {@link #destroy}. Async apps ({@code startAsync}) are
 * journaled when they complete the async context; the answer and the path lock are held until
 * then.
 *
 * <p>Thread-safe; the setters are for configuration before the first request.
 */
public class SpawnFilter implements Filter {

  /**
   * An order that puts this filter in front of everything else, Spring Session's and Spring
   * Security's filters included, e.g. for {@code FilterRegistrationBean.setOrder}.
   */
  public static final int DEFAULT_ORDER = Integer.MIN_VALUE + 10;

  /** The init-param naming the Spawn JSON config file, for the no-argument constructor. */
  public static final String CONFIG_PARAM = "spawn.config";

  /**
   * Request attribute an app may set to name the user who made a write, when its security
   * framework keeps the user elsewhere than {@code getUserPrincipal()}: a {@code String} or a
   * {@link java.security.Principal}. Peers then return it from {@code getUserPrincipal()}.
   */
  public static final String PRINCIPAL_ATTRIBUTE = "dev.spawn.principal";

  /** Request attribute holding the exchange of a held request, for async re-dispatches. */
  static final String EXCHANGE_ATTRIBUTE = SpawnFilter.class.getName() + ".EXCHANGE";

  private static final String FILTERED_ATTRIBUTE = SpawnFilter.class.getName() + ".FILTERED";
  private static final Logger log = LoggerFactory.getLogger(SpawnFilter.class);

  private final LongAdder notReplicated = new LongAdder();
  private volatile Spawn spawn;
  private volatile boolean ownsSpawn;
  private volatile Clock clock = Clock.systemUTC();
  private volatile OriginHandler origin;
  private volatile ReceiverHandler receiver;

  /** A filter over a Spawn the caller owns (starts and closes). */
  public SpawnFilter(Spawn spawn) {
    this.spawn = Objects.requireNonNull(spawn, "spawn");
    handlers();
  }

  /** A filter that builds its own Spawn in {@link #init} from the {@value #CONFIG_PARAM} file. */
  public SpawnFilter() {}

  /**
   * The wall clock for origin times and Spawn-Ids (default: the system clock).
   *
   * @throws NullPointerException when {@code clock} is null
   */
  public void setClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (spawn != null) {
      handlers();
    }
  }

  /**
   * The Spawn this filter works for.
   *
   * @throws IllegalStateException before {@link #init} when made without one
   */
  public Spawn spawn() {
    Spawn s = spawn;
    if (s == null) {
      throw new IllegalStateException("SpawnFilter was made without a Spawn and init() has not"
          + " run yet; call init(FilterConfig) with the init-param " + CONFIG_PARAM + " first");
    }
    return s;
  }

  /**
   * Writes applied on this node only: bodies over the limit passed through, and writes whose
   * journaling failed after the app ran.
   */
  public long notReplicatedCount() {
    return notReplicated.sum();
  }

  /**
   * Builds and starts a Spawn from the {@value #CONFIG_PARAM} init-param when this filter was
   * made without one; does nothing otherwise.
   *
   * @throws ServletException when the init-param is missing or the config cannot be used
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    if (spawn != null) {
      return;
    }
    String file = config.getInitParameter(CONFIG_PARAM);
    if (file == null || file.isBlank()) {
      throw new ServletException("SpawnFilter '" + config.getFilterName() + "' needs the"
          + " init-param " + CONFIG_PARAM + " naming the Spawn JSON config file (or make the"
          + " filter in code with new SpawnFilter(spawn))");
    }
    Spawn built;
    try {
      built = Spawn.builder(SpawnConfig.load(Path.of(file.strip()))).build();
      built.start();
    } catch (RuntimeException e) {
      throw new ServletException("SpawnFilter could not start Spawn from " + file + ": "
          + e.getMessage(), e);
    }
    spawn = built;
    ownsSpawn = true;
    handlers();
    log.info("SpawnFilter started its own Spawn from {}", file);
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    if (request.getDispatcherType() == DispatcherType.ASYNC) {
      Object held = request.getAttribute(EXCHANGE_ATTRIBUTE);
      if (held instanceof Exchange exchange && !exchange.isDone()) {
        exchange.dispatch(chain, request, response);
      } else {
        chain.doFilter(request, response);
      }
      return;
    }
    if (request.getDispatcherType() != DispatcherType.REQUEST
        || request.getAttribute(FILTERED_ATTRIBUTE) != null) {
      chain.doFilter(request, response);
      return;
    }
    request.setAttribute(FILTERED_ATTRIBUTE, Boolean.TRUE);
    if (origin == null) {
      throw new IllegalStateException("SpawnFilter has no Spawn: init() did not run");
    }
    if (InboundMirror.isMirror(request::getHeader)) {
      receiver.handle(request, response, chain);
    } else if (request.getAttribute(MirrorHeaders.ATTR_REPLICATED) == null
        && spawn.config().mirror().mirrors(request.getMethod())) {
      origin.handle(request, response, chain);
    } else {
      chain.doFilter(request, response);
    }
  }

  /** Closes the Spawn this filter built itself; one given to the constructor stays open. */
  @Override
  public void destroy() {
    if (ownsSpawn) {
      spawn.close();
    }
  }

  /** Paths locked or waited for now; for tests of the lock table's bound. */
  int lockedPaths() {
    return origin.lockedPaths();
  }

  private void handlers() {
    origin = new OriginHandler(spawn, clock, new SpawnIds(clock, SpawnIds.fastRandom()),
        notReplicated);
    receiver = new ReceiverHandler(spawn);
  }
}
