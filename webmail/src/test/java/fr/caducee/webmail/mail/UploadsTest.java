package fr.caducee.webmail.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.port.Upload;
import fr.caducee.webmail.web.WebRefusal;

class UploadsTest {
    static final byte[] PDF = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
    static final byte[] EXE = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};

    private final Uploads uploads = new Uploads(1000);

    @Test
    void aPdfIsTakenAsAPdf() throws WebRefusal {
        assertThat(uploads.check(List.of(new Upload("ordonnance.pdf", "application/octet-stream", PDF))))
            .singleElement().satisfies(upload -> {
                assertThat(upload.fileName()).isEqualTo("ordonnance.pdf");
                assertThat(upload.mediaType()).isEqualTo("application/pdf");
                assertThat(upload.content()).isEqualTo(PDF);
            });
    }

    @Test
    void aPngAndAJpegAreTakenWithTheTypeTheirContentShows() throws WebRefusal {
        List<Upload> checked = uploads.check(List.of(new Upload("photo.PNG", "image/jpeg", PNG),
            new Upload("IMG_0042.jpeg", "application/pdf", JPEG)));

        assertThat(checked).extracting(Upload::mediaType).containsExactly("image/png", "image/jpeg");
        assertThat(checked).extracting(Upload::fileName).containsExactly("photo.PNG", "IMG_0042.jpeg");
    }

    @Test
    void aProgramNamedPdfIsRefusedWhateverItsDeclaredType() {
        assertThatThrownBy(() -> uploads.check(List.of(new Upload("ordonnance.pdf", "application/pdf", EXE))))
            .isInstanceOfSatisfying(WebRefusal.class, refusal -> {
                assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_UPLOAD_TYPE);
                assertThat(refusal.status()).isEqualTo(415);
                assertThat(refusal.sentence()).contains("« ordonnance.pdf »").contains("ni un document PDF");
            });
    }

    @Test
    void oneBadFileRefusesTheWholeMessage() {
        assertThatThrownBy(() -> uploads.check(List.of(new Upload("a.pdf", "application/pdf", PDF),
            new Upload("page.html", "text/html", "<html>".getBytes(StandardCharsets.US_ASCII)))))
            .isInstanceOfSatisfying(WebRefusal.class, refusal -> assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_UPLOAD_TYPE));
    }

    @Test
    void anEmptyFileIsRefusedAndSaidToBeEmpty() {
        assertThatThrownBy(() -> uploads.check(List.of(new Upload("scan.pdf", "application/pdf", new byte[0]))))
            .isInstanceOfSatisfying(WebRefusal.class, refusal -> {
                assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_UPLOAD_TYPE);
                assertThat(refusal.sentence()).contains("est vide");
            });
    }

    @Test
    void aFileInputLeftEmptyIsNoFile() throws WebRefusal {
        assertThat(uploads.check(List.of(new Upload("", "application/octet-stream", new byte[0])))).isEmpty();
    }

    @Test
    void filesOverTheLimitTogetherAreRefusedWithTheLimitInFrenchUnits() {
        Uploads tenMegabytes = new Uploads(10L * 1024 * 1024);
        byte[] big = Arrays.copyOf(PDF, 6 * 1024 * 1024);

        assertThatThrownBy(() -> tenMegabytes.check(List.of(new Upload("a.pdf", "application/pdf", big),
            new Upload("b.pdf", "application/pdf", big))))
            .isInstanceOfSatisfying(WebRefusal.class, refusal -> {
                assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_UPLOAD_TOO_LARGE);
                assertThat(refusal.status()).isEqualTo(413);
                assertThat(refusal.sentence()).contains("12 Mo").contains("10 Mo");
            });
    }

    @Test
    void filesExactlyAtTheLimitAreTaken() throws WebRefusal {
        assertThat(uploads.check(List.of(new Upload("a.pdf", "application/pdf", Arrays.copyOf(PDF, 1000))))).hasSize(1);
    }

    @Test
    void theNameLosesItsFoldersAndGainsTheExtensionOfWhatItIs() throws WebRefusal {
        List<Upload> checked = uploads.check(List.of(new Upload("C:\\Users\\paul\\Desktop\\ordonnance", "", PDF),
            new Upload("../../etc/photo.exe", "", PNG), new Upload("\"quoted\r\n\".jpg", "", JPEG),
            new Upload("..", "", PDF)));

        assertThat(checked).extracting(Upload::fileName)
            .containsExactly("ordonnance.pdf", "photo.exe.png", "quoted.jpg", "piece-jointe.pdf");
    }
}
