package fr.caducee.webmail.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownloadsTest {

    @Test
    void aNameIsAlwaysAnAttachmentCleanedForTheHeaderAndWholeInItsEncodedForm() {
        assertThat(Downloads.contentDisposition("Compte rendu été.pdf")).isEqualTo(
            "attachment; filename=\"Compte_rendu_ete.pdf\"; filename*=UTF-8''Compte%20rendu%20%C3%A9t%C3%A9.pdf");
        assertThat(Downloads.contentDisposition("a\"\r\nSet-Cookie: x.pdf"))
            .doesNotContain("\r").doesNotContain("\n").startsWith("attachment; filename=\"a___Set-Cookie__x.pdf\"");
        assertThat(Downloads.contentDisposition("../../etc/passwd")).contains("filename=\".._.._etc_passwd\"");
        assertThat(Downloads.contentDisposition("")).contains("filename=\"piece-jointe\"");
    }

    @Test
    void aMediaTypeThatIsNotOneIsSentAsBytes() {
        assertThat(Downloads.mediaType("application/pdf")).isEqualTo("application/pdf");
        assertThat(Downloads.mediaType("Image/PNG")).isEqualTo("image/png");
        assertThat(Downloads.mediaType("text/html\r\nX-Evil: 1")).isEqualTo("application/octet-stream");
        assertThat(Downloads.mediaType(null)).isEqualTo("application/octet-stream");
    }
}
