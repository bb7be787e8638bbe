package io.webops.connectors;

import static io.webops.TestServer.nodeLog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.webops.TestServer;
import io.webops.json.Json;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The email node through the webops-mail-sink Kamelet against an in-process SMTP server (GreenMail). */
class EmailDeliveryTest {

    static final String PASSWORD = "smtp-pw-7d1e9a";
    static TestServer server;
    static GreenMail smtp;

    @BeforeAll
    static void start() throws Exception {
        serveTlsAs127001();
        smtp = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("reports@example.com", "mailer", PASSWORD));
        smtp.start();
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        smtp.stop();
    }

    @BeforeEach
    void emptyMailbox() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
    }

    static String credential(String password) throws Exception {
        TestServer.Reply r = server.post("/api/credentials", Map.of("name", "Mail", "kind", "smtp", "fields", Map.of(
                "host", "127.0.0.1", "port", smtp.getSmtp().getPort(), "security", "none",
                "username", "mailer", "password", password, "from", "Reports <reports@example.com>")));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    static String workflow(String credential, Map<String, Object> config) throws Exception {
        Map<String, Object> c = new java.util.HashMap<>(config);
        c.put("credential", credential);
        return server.create(Json.write(Map.of("name", "mail", "nodes", java.util.List.of(
                Map.of("id", "in", "type", "webhook_input"),
                Map.of("id", "mail", "type", "email", "config", c)),
                "connections", java.util.List.of(Map.of("source", "in", "target", "mail")))));
    }

    static String[] addresses(Address[] addresses) {
        return addresses == null ? new String[0] : Arrays.stream(addresses).map(Address::toString).toArray(String[]::new);
    }

    @Test
    void deliversToEveryRecipientWithTemplatedSubjectAndBothBodies() throws Exception {
        String id = workflow(credential(PASSWORD), Map.of(
                "to", "{{ data.customer }}", "cc", "boss@example.com", "bcc", "audit@audit.test, archive@archive.test",
                "subject", "Order {{ data.order }} shipped", "body", "Hello {{ data.name }}, order {{ data.order }} is on its way.",
                "html", "<p>Hello <b>{{ data.name }}</b></p>"));
        JsonNode ex = server.runAndWait(id, Map.of("customer", "ann@example.com", "order", 42, "name", "Ann"));
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output").get("to").toString()).isEqualTo("[\"ann@example.com\"]");

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).as("one delivery per recipient").hasSize(4);
        assertThat(Arrays.stream(received).flatMap(m -> {
            try {
                return Arrays.stream(m.getAllRecipients());
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).map(Object::toString).distinct()).containsExactlyInAnyOrder("ann@example.com", "boss@example.com");
        assertThat(inbox("audit@audit.test")).as("bcc delivered").isEqualTo(1);
        assertThat(inbox("archive@archive.test")).as("bcc delivered").isEqualTo(1);
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("Order 42 shipped");
        assertThat(addresses(m.getFrom())).containsExactly("Reports <reports@example.com>");
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO))).containsExactly("ann@example.com");
        assertThat(addresses(m.getRecipients(Message.RecipientType.CC))).containsExactly("boss@example.com");
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        String text = null;
        String html = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart p = parts.getBodyPart(i);
            if (p.isMimeType("text/plain")) {
                text = p.getContent().toString();
            } else if (p.isMimeType("text/html")) {
                html = p.getContent().toString();
            }
        }
        assertThat(text).isEqualTo("Hello Ann, order 42 is on its way.");
        assertThat(html).isEqualTo("<p>Hello <b>Ann</b></p>");
    }

    @Test
    void sendsPlainTextWhenThereIsNoHtml() throws Exception {
        String id = workflow(credential(PASSWORD), Map.of("to", "ann@example.com", "subject", "Grüße ✓", "body", "just text, Grüße"));
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.isMimeType("text/plain")).isTrue();
        assertThat(m.getSubject()).isEqualTo("Grüße ✓");
        assertThat(m.getContent().toString().strip()).isEqualTo("just text, Grüße");
    }

    @Test
    void lineBreaksInTheSubjectBecomeSpacesAndAddNoHeaders() throws Exception {
        String id = workflow(credential(PASSWORD), Map.of("to", "ann@example.com", "subject", "{{ data.s }}", "body", "b"));
        JsonNode ex = server.runAndWait(id, Map.of("s", "Hi\r\nBcc: mallory@evil.test\r\nX-Injected: 1"));
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Hi Bcc: mallory@evil.test X-Injected: 1");
        assertThat(received[0].getHeader("X-Injected")).isNull();
    }

    @Test
    void userTextIsNeverReadAsACamelPlaceholder() throws Exception {
        String id = workflow(credential(PASSWORD), Map.of("to", "ann@example.com",
                "subject", "{{ data.s }} ${sys.user.home} #{x}", "body", "{{ data.b }}"));
        JsonNode ex = server.runAndWait(id, Map.of("s", "{{sys:user.home}}", "b", "{{env:HOME}} ${env:HOME}"));
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("{{sys:user.home}} ${sys.user.home} #{x}");
        assertThat(m.getContent().toString().strip()).isEqualTo("{{env:HOME}} ${env:HOME}");
    }

    @Test
    void aRefusedLoginFailsAtOnceNamingTheCredentialFields() throws Exception {
        String wrong = "not-the-password-55";
        String id = workflow(credential(wrong), Map.of("to", "ann@example.com", "subject", "x", "body", "y"));
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).isEqualTo("failed");
        JsonNode log = nodeLog(ex, "mail");
        assertThat(log.get("attempts").asInt()).isEqualTo(1);
        assertThat(log.get("error").toString()).contains("refused the login", "username and password").doesNotContain(wrong);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aCorrectedCredentialIsUsedAtTheNextRunWithoutRedeploying() throws Exception {
        String cred = credential("stale-password-31");
        String id = workflow(cred, Map.of("to", "ann@example.com", "subject", "x", "body", "y"));
        assertThat(server.runAndWait(id, Map.of()).get("status").asText()).isEqualTo("failed");
        TestServer.Reply r = server.put("/api/credentials/" + cred, Map.of("fields", Map.of("host", "127.0.0.1",
                "port", smtp.getSmtp().getPort(), "security", "none", "username", "mailer", "password", PASSWORD,
                "from", "reports@example.com")));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void anInvalidRecipientFailsNamingTheField() throws Exception {
        String id = workflow(credential(PASSWORD), Map.of("to", "{{ data.to }}", "subject", "x", "body", "y"));
        JsonNode ex = server.runAndWait(id, Map.of("to", "not an address"));
        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(nodeLog(ex, "mail").get("error").toString()).contains("Node 'mail': config.to holds an invalid address");
    }

    @Test
    void anUnreachableServerIsTransientAndRetried() throws Exception {
        int closedPort = TestServer.freePort();
        TestServer.Reply r = server.post("/api/credentials", Map.of("name", "Down", "kind", "smtp", "fields", Map.of(
                "host", "127.0.0.1", "port", closedPort, "security", "none", "from", "a@example.com")));
        String cred = r.json().get("id").asText();
        String id = server.create(Json.write(Map.of("name", "mail-down", "nodes", java.util.List.of(
                Map.of("id", "in", "type", "webhook_input"),
                Map.of("id", "mail", "type", "email", "retry_on_failure", true, "max_retries", 2,
                        "config", Map.of("credential", cred, "to", "ann@example.com", "subject", "x", "body", "y"))),
                "connections", java.util.List.of(Map.of("source", "in", "target", "mail")))));
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).isEqualTo("failed");
        JsonNode log = nodeLog(ex, "mail");
        assertThat(log.get("attempts").asInt()).isEqualTo(3);
        assertThat(log.get("error").toString()).contains("cannot reach the SMTP server 127.0.0.1:" + closedPort);
    }

    /**
     * GreenMail's bundled certificate names no host, and the mail client checks the server's
     * identity; the test server gets a certificate for 127.0.0.1 instead (made by the JDK's keytool).
     */
    static void serveTlsAs127001() throws Exception {
        java.nio.file.Path store = java.nio.file.Files.createTempDirectory("greenmail-tls").resolve("server.p12");
        Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "greenmail", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "test-store", "-keypass", "test-store")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        System.setProperty(com.icegreen.greenmail.util.DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY, store.toString());
        System.setProperty(com.icegreen.greenmail.util.DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY, "test-store");
        System.setProperty(com.icegreen.greenmail.util.DummySSLServerSocketFactory.GREENMAIL_KEY_PASSWORD_PROPERTY, "test-store");
    }

    /** The test's own trust: only GreenMail's self-signed certificate, as the JVM default while the sender is built. */
    static javax.net.ssl.SSLContext trustingGreenMail() throws Exception {
        java.security.KeyStore serverKeys = ((com.icegreen.greenmail.util.DummySSLServerSocketFactory)
                com.icegreen.greenmail.util.DummySSLServerSocketFactory.getDefault()).getKeyStore();
        java.security.KeyStore trusted = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trusted.load(null, null);
        for (String alias : java.util.Collections.list(serverKeys.aliases())) {
            trusted.setCertificateEntry(alias, serverKeys.getCertificate(alias));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static String tlsCredential(GreenMail smtps) throws Exception {
        return Flows.credential(server, "smtp", Map.of("host", "127.0.0.1", "port", smtps.getSmtps().getPort(), "security", "tls",
                "username", "mailer", "password", PASSWORD, "from", "reports@example.com"));
    }

    @Test
    void deliversOverTlsTrustingTheServersCertificate() throws Exception {
        GreenMail smtps = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("reports@example.com", "mailer", PASSWORD));
        smtps.start();
        javax.net.ssl.SSLContext jvmDefault = javax.net.ssl.SSLContext.getDefault();
        try {
            javax.net.ssl.SSLContext.setDefault(trustingGreenMail());
            String id = workflow(tlsCredential(smtps), Map.of("to", "ann@example.com", "subject", "over TLS", "body", "sealed"));
            JsonNode ex = server.runAndWait(id, Map.of());
            assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
            assertThat(smtps.getReceivedMessages()).hasSize(1);
            assertThat(smtps.getReceivedMessages()[0].getSubject()).isEqualTo("over TLS");
        } finally {
            javax.net.ssl.SSLContext.setDefault(jvmDefault);
            smtps.stop();
        }
    }

    @Test
    void refusesAServerCertificateTheJvmDoesNotTrust() throws Exception {
        GreenMail smtps = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("reports@example.com", "mailer", PASSWORD));
        smtps.start();
        try {
            String id = workflow(tlsCredential(smtps), Map.of("to", "ann@example.com", "subject", "over TLS", "body", "sealed"));
            JsonNode ex = server.runAndWait(id, Map.of());
            assertThat(ex.get("status").asText()).isEqualTo("failed");
            assertThat(nodeLog(ex, "mail").get("error").asText()).startsWith("Node 'mail': sending the mail failed: the TLS handshake with 127.0.0.1:");
            assertThat(smtps.getReceivedMessages()).isEmpty();
        } finally {
            smtps.stop();
        }
    }

    static int inbox(String address) throws Exception {
        return smtp.getManagers().getImapHostManager().getInbox(smtp.getUserManager().getUserByEmail(address)).getMessageCount();
    }

}
