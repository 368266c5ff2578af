package fr.caducee.webmail.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;

class QrCodeTest {
    private static final String URI = "otpauth://totp/Caduc%C3%A9e:Paul%20D.?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        + "&issuer=Caduc%C3%A9e&algorithm=SHA1&digits=6&period=30";

    @Test
    void thePathDrawsAQrCodeThatReadsBackAsTheText() throws Exception {
        QrCode qr = QrCode.of(URI);

        assertThat(new Decoder().decode(modules(qr)).getText()).isEqualTo(URI);
    }

    @Test
    void thePathHoldsNothingButDrawingCommandsAndTheViewBoxHasTheQuietZone() {
        QrCode qr = QrCode.of(URI);

        assertThat(qr.path()).isNotEmpty();
        assertThat(qr.path().replaceAll("M[0-9]+ [0-9]+h([0-9]+)v1h-\\1z", "")).isEmpty();
        assertThat(qr.viewBox()).matches("0 0 ([0-9]+) \\1");
        assertThat(qr.path()).doesNotContain("M0 0");
    }

    /** The modules the path draws, quiet zone removed: what a scanner sees once it found the code. */
    private static BitMatrix modules(QrCode qr) {
        int size = Integer.parseInt(qr.viewBox().split(" ")[2]);
        int quiet = 4;
        BitMatrix matrix = new BitMatrix(size - 2 * quiet);
        Matcher run = Pattern.compile("M([0-9]+) ([0-9]+)h([0-9]+)").matcher(qr.path());
        while (run.find()) {
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            for (int i = 0; i < Integer.parseInt(run.group(3)); i++) {
                matrix.set(x + i - quiet, y - quiet);
            }
        }
        return matrix;
    }
}
