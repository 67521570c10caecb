// A Neo4j 5 community server for the Ledgerhound test suite and benchmarks: the embedded database
// (org.neo4j:neo4j, pulled in by neo4j-harness) with its Bolt connector on a loopback port and
// authentication on. Started by test/services/neo4j/service.ts; stops when its standard input closes
// or on SIGTERM. The same home directory can be reopened (restart tests keep their data).
package dev.ledgerhound.neo4j;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

public final class TestServer {
  private TestServer() {}

  /** Arguments: home directory, Bolt port. The password comes from the environment (NEO4J_PASSWORD). */
  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable t) {
      // Neo4j's threads would keep a failed JVM alive: exit so the parent sees the failure at once.
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: TestServer <home dir> <bolt port>  (password in NEO4J_PASSWORD)");
      System.exit(2);
    }
    Path home = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    String password = System.getenv("NEO4J_PASSWORD");
    if (password == null || password.length() < 8) {
      System.err.println("NEO4J_PASSWORD must be set (at least 8 characters)");
      System.exit(2);
    }

    DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        .setConfig(HttpConnector.enabled, false)
        .setConfig(HttpsConnector.enabled, false)
        .setConfig(GraphDatabaseSettings.auth_enabled, true)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
        .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
        .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
        .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dbms.shutdown();
      stopped.countDown();
    }));

    try {
      GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
      system.executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
    } catch (RuntimeException e) {
      // A restart on an existing home already has this password; anything else is fatal.
      if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
        e.printStackTrace();
        System.exit(1);
      }
    }

    System.out.println("LEDGERHOUND-NEO4J-READY " + port);
    System.out.flush();

    // Stop when the parent closes our standard input (it died or asked us to stop).
    InputStream in = System.in;
    byte[] buf = new byte[256];
    while (in.read(buf) >= 0) {
      // ignore input
    }
    System.exit(0);
  }
}
