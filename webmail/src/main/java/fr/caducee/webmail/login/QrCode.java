package fr.caducee.webmail.login;

import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * A QR code drawn on the server as SVG path data (ZXing computes the modules), so that the enrolment page shows it
 * without any script or image request: the template puts {@link #path()} in a {@code <path d>} of an inline
 * {@code <svg>} whose {@link #viewBox()} this gives. Each row's runs of dark modules are one rectangle each.
 *
 * @param viewBox the SVG viewBox, quiet zone included
 * @param path    the SVG path data of the dark modules: only letters, digits, spaces and minus signs
 */
public record QrCode(String viewBox, String path) {
    /** The quiet zone the QR specification asks for, in modules. */
    private static final int QUIET_ZONE = 4;

    public static QrCode of(String text) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                EncodeHintType.MARGIN, QUIET_ZONE,
                EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot draw a QR code of " + text.length() + " characters", e);
        }
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            int x = 0;
            while (x < matrix.getWidth()) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < matrix.getWidth() && matrix.get(x, y)) {
                    x++;
                }
                path.append('M').append(start).append(' ').append(y)
                    .append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        return new QrCode("0 0 " + matrix.getWidth() + " " + matrix.getHeight(), path.toString());
    }
}
