/**
 * The SSRF guard for the connections the stock file-transfer Kamelets open: {@code ftp-*} and
 * {@code sftp-*} reach their components by scheme, so {@link io.webops.kamelets.guard.ConnectionGuards#install}
 * puts guarded {@code ftp} and {@code sftp} components in the CamelContext in place of camel-ftp's own, and every
 * socket those Kamelets open goes through {@link io.webops.security.SsrfSocketFactory}.
 *
 * <p>Not covered here: {@code ftps} (commons-net's FTPSClient puts its own socket factory back on disconnect and on
 * {@code execPROT}), and the Artemis JMS client (it connects with netty to the hosts of the broker URL and to those
 * the broker announces in its topology; no socket factory).
 */
package io.webops.kamelets.guard;
