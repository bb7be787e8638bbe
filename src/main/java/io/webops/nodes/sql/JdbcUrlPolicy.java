package io.webops.nodes.sql;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which JDBC URLs a database credential may hold: {@code jdbc:postgresql:}, {@code jdbc:h2:},
 * {@code jdbc:mariadb:} (or {@code jdbc:mysql:}, opened with the MariaDB driver) and
 * {@code jdbc:sqlserver:} only, without the URL settings that run code, load classes, read or
 * write files or reach other hosts, and never the product's own store. H2 may be in memory, on an
 * H2 server ({@code tcp://}) or a file under {@code <data>/databases}; each database's settings
 * come from a short allow-list of known-safe ones (everything else is refused, so a setting a
 * later driver adds is refused too). The host part is a plain host[:port] list: no MariaDB
 * {@code address=(...)} or local socket, no SQL Server {@code serverName} or failover partner.
 */
final class JdbcUrlPolicy {

    static final String H2_FILE_FOLDER = "databases";

    private static final Set<String> H2_SETTINGS = Set.of("DB_CLOSE_DELAY", "MODE", "DATABASE_TO_UPPER",
            "DATABASE_TO_LOWER", "CASE_INSENSITIVE_IDENTIFIERS", "LOCK_TIMEOUT", "IFEXISTS", "DEFAULT_NULL_ORDERING",
            "NON_KEYWORDS", "ACCESS_MODE_DATA", "QUERY_TIMEOUT");
    private static final Set<String> PG_PARAMETERS = Set.of("ssl", "sslmode", "connectTimeout", "socketTimeout",
            "loginTimeout", "ApplicationName", "currentSchema", "prepareThreshold", "reWriteBatchedInserts",
            "targetServerType", "tcpKeepAlive", "readOnly", "defaultRowFetchSize", "stringtype", "options");
    /**
     * MariaDB Connector/J options that only tune the connection (no class, file, SQL or other
     * host). Not connectionCollation: the driver splices it unquoted into a SET statement.
     */
    private static final Set<String> MARIADB_OPTIONS = Set.of("connectTimeout", "socketTimeout", "sslMode",
            "enabledSslProtocolSuites", "tcpKeepAlive", "useCompression", "allowPublicKeyRetrieval", "useServerPrepStmts",
            "useBulkStmts", "useBulkStmtsForInserts", "tinyInt1isBit", "transformedBitIsBoolean", "yearIsDateType",
            "defaultFetchSize", "timezone", "connectionTimeZone", "preserveInstants",
            "transactionIsolation", "maxQuerySizeToLog", "useAffectedRows", "jdbcCompliantTruncation");
    /** mssql-jdbc properties (names are case-insensitive there) that only tune the connection. */
    private static final Set<String> SQLSERVER_PROPERTIES = Set.of("databasename", "database", "encrypt",
            "trustservercertificate", "hostnameincertificate", "sslprotocol", "logintimeout", "sockettimeout", "querytimeout",
            "locktimeout", "cancelquerytimeout", "applicationname", "applicationintent", "sendstringparametersasunicode",
            "sendtimeasdatetime", "datetimeparametertype", "multisubnetfailover", "connectretrycount", "connectretryinterval",
            "packetsize", "selectmethod", "responsebuffering", "disablestatementpooling", "statementpoolingcachesize",
            "preparemethod", "xopenstates", "lastupdatecount", "ipaddresspreference", "workstationid");
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9_.,+=-]*");
    private static final Pattern H2_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern H2_TCP = Pattern.compile("tcp://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:]+\\])(:\\d{1,5})?/([A-Za-z0-9_./~-]+)");
    private static final Pattern PG = Pattern.compile("jdbc:postgresql://([^/?]+)/([A-Za-z0-9_$-]+)(\\?.*)?");
    private static final String HOST_PORT = "(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:]+\\])(?::\\d{1,5})?";
    private static final Pattern MARIADB = Pattern.compile("jdbc:(?:mariadb|mysql)://(" + HOST_PORT + "(?:," + HOST_PORT
            + ")*)(?:/([A-Za-z0-9_$-]*))?(\\?.*)?");
    private static final Pattern SQLSERVER = Pattern.compile("jdbc:sqlserver://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:]+\\])"
            + "(\\\\[A-Za-z0-9_$-]+)?(:\\d{1,5})?(;.*)?");

    private static final String SCHEMES = "jdbc:postgresql://, jdbc:mariadb://, jdbc:mysql://, jdbc:sqlserver:// or jdbc:h2:";

    private final Path dataDir;
    private final String storeUrl;

    /**
     * @param dataDir  the data folder (H2 files live under its {@code databases} folder)
     * @param storeUrl the JDBC URL of the product's own store, which is never reachable
     */
    JdbcUrlPolicy(Path dataDir, String storeUrl) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.storeUrl = storeUrl;
    }

    /** What is wrong with the URL, said so that the operator knows what to change, or empty. */
    Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("jdbc_url is empty; give a " + SCHEMES + " URL");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return postgres(url);
        }
        if (url.startsWith("jdbc:h2:")) {
            return h2(url);
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return mariadb(url);
        }
        if (url.startsWith("jdbc:sqlserver:")) {
            return sqlServer(url);
        }
        return Optional.of("jdbc_url must start with " + SCHEMES + " (other databases are not supported)");
    }

    private Optional<String> postgres(String url) {
        Matcher m = PG.matcher(url);
        if (!m.matches()) {
            return Optional.of("jdbc_url is not a PostgreSQL URL of the form jdbc:postgresql://host:port/database");
        }
        if (m.group(3) != null) {
            Optional<String> p = parameters(m.group(3).substring(1), "&", PG_PARAMETERS, false);
            if (p.isPresent()) {
                return p;
            }
        }
        if (storeUrl != null && storeUrl.startsWith("jdbc:postgresql:")) {
            Matcher store = PG.matcher(storeUrl);
            if (store.matches() && store.group(2).equals(m.group(2)) && sameServer(m.group(1), store.group(1))) {
                return Optional.of(storeRefused());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> mariadb(String url) {
        Matcher m = MARIADB.matcher(url);
        if (!m.matches()) {
            return Optional.of("jdbc_url is not a MariaDB/MySQL URL of the form jdbc:mariadb://host:port/database"
                    + " (host[:port] names only: no address=(...), local socket or failover mode)");
        }
        return m.group(3) == null ? Optional.empty() : parameters(m.group(3).substring(1), "&", MARIADB_OPTIONS, false);
    }

    private static Optional<String> sqlServer(String url) {
        Matcher m = SQLSERVER.matcher(url);
        if (!m.matches()) {
            return Optional.of("jdbc_url is not a SQL Server URL of the form jdbc:sqlserver://host[\\instance][:port];databaseName=name");
        }
        return m.group(4) == null ? Optional.empty() : parameters(m.group(4).substring(1), ";", SQLSERVER_PROPERTIES, true);
    }

    /**
     * The first parameter of {@code list} (name=value pairs split on {@code separator}) that is not
     * on the allow-list or has a value with characters beyond letters, digits and {@code _.,+=-}.
     */
    private static Optional<String> parameters(String list, String separator, Set<String> allowed, boolean ignoreCase) {
        for (String pair : list.split(Pattern.quote(separator))) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (!allowed.contains(ignoreCase ? name.toLowerCase(Locale.ROOT) : name)) {
                return Optional.of("jdbc_url parameter '" + name + "' is not allowed (user and password belong in"
                        + " the credential's fields; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
            if (!SAFE_VALUE.matcher(value).matches()) {
                return Optional.of("jdbc_url parameter '" + name + "' has a value with characters that are not allowed");
            }
        }
        return Optional.empty();
    }

    private Optional<String> h2(String url) {
        String rest = url.substring("jdbc:h2:".length());
        String[] parts = rest.split(";", -1);
        String db = parts[0];
        for (int i = 1; i < parts.length; i++) {
            String setting = parts[i];
            if (setting.isEmpty()) {
                continue;
            }
            int eq = setting.indexOf('=');
            String name = (eq < 0 ? setting : setting.substring(0, eq)).trim().toUpperCase(Locale.ROOT);
            String value = eq < 0 ? "" : setting.substring(eq + 1);
            if (!H2_SETTINGS.contains(name)) {
                return Optional.of("jdbc_url setting '" + name + "' is not allowed (settings such as INIT run code;"
                        + " allowed: " + String.join(", ", new java.util.TreeSet<>(H2_SETTINGS)) + ")");
            }
            if (!SAFE_VALUE.matcher(value).matches()) {
                return Optional.of("jdbc_url setting '" + name + "' has a value with characters that are not allowed");
            }
        }
        if (db.startsWith("mem:")) {
            String name = db.substring(4);
            if (!H2_NAME.matcher(name).matches()) {
                return Optional.of("jdbc_url: an in-memory H2 database needs a name of letters, digits, _ and -, e.g. jdbc:h2:mem:sales");
            }
            return storeUrl != null && storeUrl.startsWith("jdbc:h2:" + db + ";") || ("jdbc:h2:" + db).equals(storeUrl)
                    ? Optional.of(storeRefused()) : Optional.empty();
        }
        if (db.startsWith("tcp://")) {
            Matcher m = H2_TCP.matcher(db);
            if (!m.matches() || Arrays.asList(m.group(3).split("/")).contains("..")) {
                return Optional.of("jdbc_url: an H2 server URL reads jdbc:h2:tcp://host:port/name");
            }
            return m.group(3).equals("webops") || m.group(3).endsWith("/webops") ? Optional.of(storeRefused()) : Optional.empty();
        }
        String file = db.startsWith("file:") ? db.substring(5) : db;
        if (file.contains(":") || file.contains("..")) {
            return Optional.of("jdbc_url: H2 supports mem:, tcp:// and files under the data folder's " + H2_FILE_FOLDER + " folder");
        }
        Path path = Path.of(file).toAbsolutePath().normalize();
        if (path.equals(store())) {
            return Optional.of(storeRefused());
        }
        if (!path.startsWith(dataDir.resolve(H2_FILE_FOLDER)) || !Path.of(file).isAbsolute()) {
            return Optional.of("jdbc_url: an H2 file database must be an absolute path inside "
                    + dataDir.resolve(H2_FILE_FOLDER) + ", e.g. jdbc:h2:file:" + dataDir.resolve(H2_FILE_FOLDER).resolve("sales"));
        }
        return Optional.empty();
    }

    private Path store() {
        return dataDir.resolve("webops");
    }

    private static String storeRefused() {
        return "jdbc_url points at the runtime's own database, which workflows may never reach; give the URL of another database";
    }

    /** Whether two host[:port] lists name a common server: same port, and the same name or a common address. */
    private static boolean sameServer(String hosts, String storeHosts) {
        for (String a : hosts.split(",")) {
            for (String b : storeHosts.split(",")) {
                if (port(a) != port(b)) {
                    continue;
                }
                Set<InetAddress> common = new HashSet<>(addresses(host(a)));
                common.retainAll(addresses(host(b)));
                if (host(a).equalsIgnoreCase(host(b)) || !common.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String host(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return colon > 0 && !hostPort.endsWith("]") ? hostPort.substring(0, colon) : hostPort;
    }

    private static int port(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && !hostPort.endsWith("]")) {
            try {
                return Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return 5432;
    }

    /** The host's addresses; any address of this machine counts as loopback too. */
    private static Set<InetAddress> addresses(String host) {
        try {
            Set<InetAddress> all = new HashSet<>(Arrays.asList(InetAddress.getAllByName(host)));
            for (InetAddress a : Set.copyOf(all)) {
                if (a.isLoopbackAddress() || a.isAnyLocalAddress() || java.net.NetworkInterface.getByInetAddress(a) != null) {
                    all.add(InetAddress.getLoopbackAddress());
                }
            }
            return all;
        } catch (UnknownHostException | java.net.SocketException e) {
            return Set.of();
        }
    }
}
