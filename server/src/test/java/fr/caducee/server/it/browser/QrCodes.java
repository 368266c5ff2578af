package fr.caducee.server.it.browser;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import javax.imageio.ImageIO;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/**
 * Reads a QR code from what the browser draws (the enrolment page's inline SVG), as the patient's phone would from
 * the screen: a test then knows that the code given to the app is the secret the page shows in text.
 * ZXing decodes the picture.
 */
public final class QrCodes {
    /** White added around the picture: readers need a quiet zone, which a tight crop of the element may lack. */
    private static final int MARGIN = 32;

    private QrCodes() {
    }

    /** The text the QR code drawn by {@code element} holds, e.g. an {@code otpauth://totp/...} URI. */
    public static String read(WebElement element) {
        BufferedImage picture = withMargin(picture(element));
        int width = picture.getWidth();
        int height = picture.getHeight();
        int[] pixels = picture.getRGB(0, 0, width, height, null, 0, width);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        try {
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (NotFoundException e) {
            throw new AssertionError("no QR code readable in the " + width + "x" + height + " px picture of "
                + element.getTagName() + " (a phone could not read it either)", e);
        } catch (ReaderException e) {
            throw new AssertionError("a damaged QR code in " + element.getTagName() + ": " + e, e);
        }
    }

    private static BufferedImage picture(WebElement element) {
        try {
            return ImageIO.read(new ByteArrayInputStream(element.getScreenshotAs(OutputType.BYTES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage withMargin(BufferedImage picture) {
        BufferedImage framed = new BufferedImage(picture.getWidth() + 2 * MARGIN, picture.getHeight() + 2 * MARGIN,
            BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = framed.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, framed.getWidth(), framed.getHeight());
        graphics.drawImage(picture, MARGIN, MARGIN, null);
        graphics.dispose();
        return framed;
    }
}
