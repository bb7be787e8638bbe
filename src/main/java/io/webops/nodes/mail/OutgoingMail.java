package io.webops.nodes.mail;

import io.webops.nodes.Send;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailConstants;

/**
 * The mail an email node's run prepared for {@code kamelet:webops-mail-sink}: addresses already parsed and validated,
 * a subject without line breaks, the HTML body with its plain-text alternative or the text body alone. Only values go on
 * the message, as camel-mail's headers and body.
 */
record OutgoingMail(String from, InternetAddress[] to, InternetAddress[] cc, InternetAddress[] bcc, String subject,
                    String text, String html) implements Send {

    @Override
    public void onto(org.apache.camel.Message m) {
        m.setHeader(MailConstants.MAIL_FROM, from);
        m.setHeader(MailConstants.MAIL_TO, InternetAddress.toString(to));
        if (cc.length > 0) {
            m.setHeader(MailConstants.MAIL_CC, InternetAddress.toString(cc));
        }
        if (bcc.length > 0) {
            m.setHeader(MailConstants.MAIL_BCC, InternetAddress.toString(bcc));
        }
        m.setHeader(MailConstants.MAIL_SUBJECT, subject);
        if (!html.isEmpty()) {
            m.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
            m.setBody(html);
            if (!text.isEmpty()) {
                m.setHeader(MailConstants.MAIL_ALTERNATIVE_BODY, text);
            }
        } else {
            m.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
            m.setBody(text);
        }
    }
}
