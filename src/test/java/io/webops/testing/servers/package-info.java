/**
 * Real servers on loopback for connector tests, each started in one call and closed with its temporary folders:
 * {@link io.webops.testing.servers.EmbeddedFtp} (Apache FtpServer), {@link io.webops.testing.servers.EmbeddedSftp}
 * (Apache MINA SSHD, SFTP only) and {@link io.webops.testing.servers.EmbeddedArtemis} (Apache Artemis, in-VM and TCP).
 * Typical use: a static field started in {@code @BeforeAll} and closed in {@code @AfterAll}; write input files with
 * {@code put}, read output files under {@code root()}, and send or receive JMS text with the Artemis helpers.
 * The runtime's SSRF guard refuses loopback: tests through it allow {@code 127.0.0.0/8} explicitly.
 */
package io.webops.testing.servers;
