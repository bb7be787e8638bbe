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

    @Test
    void theRouteSendsThroughTheMailKameletAndItsYamlHoldsNoAddressSubjectHostOrSecret() throws Exception {
        String id = workflow(credential(PASSWORD), Map.of("to", "yaml-reader@example.com", "cc", "yaml-cc@example.com",
                "subject", "Quarterly figures", "body", "the body text"));
        assertThat(server.post("/api/workflows/" + id + "/activate", "").status()).isEqualTo(200);
        String yaml = server.get("/api/workflows/" + id + "/routes").text();
        assertThat(yaml).contains("uri: \"kamelet:webops-mail-sink/", "mailSender: \"", "noErrorHandler: true")
                .doesNotContain("yaml-reader@example.com", "yaml-cc@example.com", "reports@example.com", "Quarterly figures",
                        "the body text", "127.0.0.1", String.valueOf(smtp.getSmtp().getPort()), "mailer", PASSWORD);
    }

    @Test
    void theMailArrivesWithExactlyThePreparedHeadersAndBody() throws Exception {
        String id = workflow(credential(PASSWORD), Map.of("to", "Ann Example <ann@example.com>", "cc", "boss@example.com",
                "subject", "Invoice {{ data.n }}", "body", "Line one\nLine two {{ data.n }}"));
        JsonNode ex = server.runAndWait(id, Map.of("n", 7));
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output").toString()).isEqualTo(
                "{\"to\":[\"Ann Example <ann@example.com>\"],\"cc\":[\"boss@example.com\"],\"bcc\":[],\"subject\":\"Invoice 7\"}");
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(addresses(m.getFrom())).containsExactly("Reports <reports@example.com>");
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO))).containsExactly("Ann Example <ann@example.com>");
        assertThat(addresses(m.getRecipients(Message.RecipientType.CC))).containsExactly("boss@example.com");
        assertThat(m.getSubject()).isEqualTo("Invoice 7");
        assertThat(m.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(m.getContent().toString().replace("\r\n", "\n").strip()).isEqualTo("Line one\nLine two 7");
        java.util.List<String> names = java.util.Collections.list(m.getAllHeaders()).stream().map(jakarta.mail.Header::getName)
                .filter(n -> !n.equals("Received") && !n.equals("Return-Path")).toList();
        assertThat(names).as("no header but the mail's own, nothing of Camel's or the runtime's")
                .containsExactlyInAnyOrder("Date", "From", "To", "Cc", "Message-ID", "Subject", "MIME-Version",
                        "Content-Type", "Content-Transfer-Encoding");
    }

    @Test
    void aTransientSmtpReplyIsSentAgainByTheRoutesRedelivery() throws Exception {
        try (FlakySmtp flaky = new FlakySmtp(smtp.getSmtp().getPort())) {
            String cred = Flows.credential(server, "smtp", Map.of("host", "127.0.0.1", "port", flaky.port(), "security", "none",
                    "from", "reports@example.com"));
            String id = server.create(Json.write(Map.of("name", "mail-flaky", "nodes", java.util.List.of(
                    Map.of("id", "in", "type", "webhook_input"),
                    Map.of("id", "mail", "type", "email", "retry_on_failure", true, "max_retries", 3,
                            "config", Map.of("credential", cred, "to", "ann@example.com", "subject", "second time", "body", "lucky"))),
                    "connections", java.util.List.of(Map.of("source", "in", "target", "mail")))));
            JsonNode ex = server.runAndWait(id, Map.of());
            assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
            assertThat(nodeLog(ex, "mail").get("attempts").asInt()).isEqualTo(2);
            assertThat(flaky.sessions.get()).as("the first session got 451 to MAIL FROM, the second was delivered").isEqualTo(2);
            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("second time");
        }
    }

    @Test
    void placeholdersAndExpressionsInSubjectAndBodyArriveLiterally() throws Exception {
        String id = workflow(credential(PASSWORD), Map.of("to", "ann@example.com",
                "subject", "{{ data.t }} #{x} ${body}", "body", "{{ data.t }}\n${body} #{x} ${header.CamelMailSubject}"));
        JsonNode ex = server.runAndWait(id, Map.of("t", "{{sys:user.home}}"));
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("{{sys:user.home}} #{x} ${body}");
        assertThat(m.getContent().toString().replace("\r\n", "\n").strip())
                .isEqualTo("{{sys:user.home}}\n${body} #{x} ${header.CamelMailSubject}");
        assertThat(ex.get("output").get("subject").asText()).isEqualTo("{{sys:user.home}} #{x} ${body}");
    }

    @Test
    void redeployingRemovesTheKameletRouteOfTheOldVersion() throws Exception {
        String id = workflow(credential(PASSWORD), Map.of("to", "ann@example.com", "subject", "v1", "body", "b"));
        assertThat(server.runAndWait(id, Map.of()).get("status").asText()).isEqualTo("success");
        org.apache.camel.CamelContext camel = server.server().camel();
        java.util.function.Supplier<java.util.List<String>> mailRoutes = () -> camel.getRoutes().stream()
                .map(org.apache.camel.Route::getRouteId).filter(r -> r.startsWith(id + ".") && r.endsWith(".webops-mail-sink")).toList();
        assertThat(mailRoutes.get()).hasSize(1);
        TestServer.Reply r = server.put("/api/workflows/" + id, Json.write(Map.of("name", "mail", "nodes", java.util.List.of(
                Map.of("id", "in", "type", "webhook_input"),
                Map.of("id", "mail", "type", "email", "config", Map.of("credential", credential(PASSWORD), "to", "ann@example.com",
                        "subject", "v2", "body", "b"))),
                "connections", java.util.List.of(Map.of("source", "in", "target", "mail")))));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(server.runAndWait(id, Map.of()).get("status").asText()).isEqualTo("success");
        long deadline = System.currentTimeMillis() + 10_000;
        while (mailRoutes.get().size() > 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(mailRoutes.get()).hasSize(1);
        assertThat(mailRoutes.get().get(0)).startsWith(id + ".v2.");
    }

    @Test
    void anSmtpHostTheProductionGuardRefusesIsNeverConnectedTo() throws Exception {
        try (TestServer guarded = TestServer.start(Map.of("WEBOPS_SSRF_ALLOW", ""));
             java.net.ServerSocket listener = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(300);
            String cred = Flows.credential(guarded, "smtp", Map.of("host", "127.0.0.1", "port", listener.getLocalPort(),
                    "security", "none", "from", "reports@example.com"));
            String id = guarded.create(Json.write(Map.of("name", "mail-guarded", "nodes", java.util.List.of(
                    Map.of("id", "node", "type", "email", "retry_on_failure", true, "max_retries", 2, "config",
                            Map.of("credential", cred, "to", "ann@example.com", "subject", "x", "body", "y")),
                    Map.of("id", "handle", "type", "error_handler")),
                    "connections", java.util.List.of(Map.of("source", "node", "target", "handle", "sourceHandle", "error")))));
            JsonNode ex = guarded.runAndWait(id, Map.of());
            JsonNode log = nodeLog(ex, "node");
            assertThat(log.get("status").asText()).isEqualTo("failed");
            assertThat(log.get("attempts").asInt()).as("a refusal is not retried").isEqualTo(1);
            JsonNode error = nodeLog(ex, "handle").get("input");
            assertThat(error.get("type").asText()).isEqualTo("SsrfRefused");
            assertThat(error.get("message").asText()).startsWith("Node 'node': the SMTP server was refused: Refused host 127.0.0.1");
            org.assertj.core.api.Assertions.assertThatThrownBy(listener::accept)
                    .as("nothing connected").isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    /**
     * An SMTP server whose first session answers MAIL FROM with 451 (try again later); later sessions are passed
     * through to GreenMail.
     */
    static final class FlakySmtp implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();
        private final java.net.ServerSocket socket = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        private final int target;

        FlakySmtp(int target) throws java.io.IOException {
            this.target = target;
            Thread accept = new Thread(this::serve, "flaky-smtp");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try {
                    java.net.Socket client = socket.accept();
                    if (sessions.incrementAndGet() == 1) {
                        refuse(client);
                    } else {
                        java.net.Socket server = new java.net.Socket("127.0.0.1", target);
                        pipe(client.getInputStream(), server.getOutputStream());
                        pipe(server.getInputStream(), client.getOutputStream());
                    }
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }

        private static void refuse(java.net.Socket client) throws java.io.IOException {
            try (client) {
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                        java.nio.charset.StandardCharsets.US_ASCII));
                java.io.Writer out = new java.io.OutputStreamWriter(client.getOutputStream(), java.nio.charset.StandardCharsets.US_ASCII);
                out.write("220 flaky ESMTP\r\n");
                out.flush();
                for (String line; (line = in.readLine()) != null; ) {
                    String command = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(java.util.Locale.ROOT);
                    switch (command) {
                        case "EHLO", "HELO" -> out.write("250 flaky\r\n");
                        case "MAIL" -> out.write("451 4.3.0 Try again later\r\n");
                        case "QUIT" -> {
                            out.write("221 bye\r\n");
                            out.flush();
                            return;
                        }
                        default -> out.write("250 ok\r\n");
                    }
                    out.flush();
                }
            }
        }

        private static void pipe(java.io.InputStream from, java.io.OutputStream to) {
            Thread t = new Thread(() -> {
                try (from; to) {
                    from.transferTo(to);
                } catch (java.io.IOException e) {
                    // the other side closed
                }
            }, "flaky-smtp-pipe");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    static int inbox(String address) throws Exception {
        return smtp.getManagers().getImapHostManager().getInbox(smtp.getUserManager().getUserByEmail(address)).getMessageCount();
    }

}
