package io.webops.kamelets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webops.security.SsrfException;
import io.webops.security.SsrfGuard;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hosts a host-like Kamelet property names, and the SSRF guard on each. */
class KameletValuesTest {

    @Test
    void everyHostOfEveryFormIsFound() {
        assertThat(KameletValues.hosts("serverName", "db.example.com")).containsExactly("db.example.com");
        assertThat(KameletValues.hosts("brokerURL", "tcp://mq.example.com:61616?retryInterval=5"))
                .containsExactly("mq.example.com");
        assertThat(KameletValues.hosts("brokerURL", "(tcp://a.example.com:61616,tcp://b.example.com:61616)"))
                .containsExactly("a.example.com", "b.example.com");
        assertThat(KameletValues.hosts("bootstrapServers", "k1.example.com:9092, k2.example.com:9092"))
                .containsExactly("k1.example.com", "k2.example.com");
        assertThat(KameletValues.hosts("url", "https://user@api.example.com/x")).containsExactly("api.example.com");
        assertThat(KameletValues.hosts("connectionHost", "[::1]")).containsExactly("::1");
    }

    @Test
    void nonNetworkSchemesAndForbiddenAddressesAreRefused() {
        SsrfGuard guard = SsrfGuard.fromSetting("");
        for (String v : List.of("vm://0", "file:///etc/passwd", "jar:file:x!/y", "tcp://127.0.0.1:61616",
                "tcp://ok.example.com:1,tcp://169.254.169.254:1", "localhost", "0x7f000001", "[::1]")) {
            assertThatThrownBy(() -> KameletValues.checkHosts(guard, "brokerURL", v)).as(v).isInstanceOf(SsrfException.class);
        }
    }

    @Test
    void hostPropertiesAreRecognisedByName() {
        KameletSpec pg = KameletCatalog.classpath().find("postgresql-sink").orElseThrow();
        assertThat(KameletValues.isHost(pg, "serverName")).isTrue();
        assertThat(KameletValues.isHost(pg, "serverPort")).isFalse();
        assertThat(KameletValues.isHost(pg, "password")).isFalse();
        KameletSpec sftp = KameletCatalog.classpath().find("sftp-source").orElseThrow();
        assertThat(KameletValues.isHost(sftp, "connectionHost")).isTrue();
        assertThat(KameletValues.isLocalFile("privateKeyFile")).isTrue();
        assertThat(KameletValues.isHost(sftp, "privateKeyUri")).isFalse();
    }

    @Test
    void aClassTheTemplateNeedsButDoesNotDeclareMakesItNeedAJar() {
        KameletCatalog catalog = KameletCatalog.classpath();
        KameletSpec mysql = catalog.find("mysql-sink").orElseThrow();
        assertThat(mysql.templateClasses()).contains("com.mysql.cj.jdbc.Driver", "org.apache.commons.dbcp2.BasicDataSource");
        assertThat(catalog.missing(mysql)).containsExactly("com.mysql:mysql-connector-j");
        assertThat(new KameletPolicy(null).status(catalog, mysql).reason()).isEqualTo("needs jar com.mysql:mysql-connector-j");
        assertThat(catalog.missing(catalog.find("postgresql-sink").orElseThrow())).isEmpty();
        assertThat(catalog.missing(catalog.find("mariadb-sink").orElseThrow())).isEmpty();
    }
}
