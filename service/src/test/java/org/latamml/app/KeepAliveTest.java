package org.latamml.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every route answers request after request on one kept-alive connection, each sent as soon as the
 * answer before it is read. A transport tried once (io_uring) answered wrk 28 to 185 requests on a
 * connection, then nothing; this test did not find that stall (it passed on that transport), so a
 * transport is checked by {@code bench/run.sh} too (docs/PERFORMANCE.md, "io_uring: tried and taken
 * back"). What it holds is the service's own part: the event loop's routes and the body reading
 * keep a connection usable after each answer.
 */
@QuarkusTest
class KeepAliveTest {
  private static final int REQUESTS = 300;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET|/check-flight?Vlo_l=5|",
        "POST|/predict-flight|{\"Vlo_l\": \"5\", \"Fecha_l\": \"\", \"O_vlo\": \"\","
            + " \"O_fecha\": \"\", \"flight_type\": \"\", \"airline\": \"\"}",
        "POST|/v1/predictions|{\"flights\": [{\"airline\": \"Grupo LATAM\", \"flight_type\": \"I\","
            + " \"scheduled_departure\": \"2017-07-14T19:00:00\", \"destination\": \"SAEZ\"}]}",
        "POST|/predict|{\"flights\": [{\"OPERA\": \"Aerolineas Argentinas\", \"TIPOVUELO\": \"N\","
            + " \"MES\": 3}]}",
        "POST|/v2/models/latam-flight-delay/infer|{\"inputs\": [{\"name\": \"airline\", \"shape\":"
            + " [1], \"datatype\": \"BYTES\", \"data\": [\"Grupo LATAM\"]}, {\"name\":"
            + " \"flight_type\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"I\"]},"
            + " {\"name\": \"scheduled_departure\", \"shape\": [1], \"datatype\": \"BYTES\","
            + " \"data\": [\"2017-07-14T19:00:00\"]}, {\"name\": \"destination\", \"shape\": [1],"
            + " \"datatype\": \"BYTES\", \"data\": [\"SAEZ\"]}]}",
      })
  void answersEveryRequestOnOneConnection(String method, String path, String body)
      throws IOException {
    byte[] request = request(method, path, body);
    int answered = 0;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
      socket.setSoTimeout(5_000);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (; answered < REQUESTS; answered++) {
        out.write(request);
        out.flush();
        assertThat(statusOfAnswer(in)).as("answer %d", answered + 1).isEqualTo(200);
      }
    } catch (SocketTimeoutException e) {
      // Fails below with how many were answered.
    }
    assertThat(answered).as("requests answered on one connection").isEqualTo(REQUESTS);
  }

  private static byte[] request(String method, String path, String body) {
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\n"
            + (body == null
                ? ""
                : "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n")
            + "\r\n";
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    whole.writeBytes(content);
    return whole.toByteArray();
  }

  /** Reads one answer (its head, then its body by its length) and gives its status. */
  private static int statusOfAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!endsWithBlankLine(head)) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection closed after " + head);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int length =
        text.lines()
            .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
            .mapToInt(line -> Integer.parseInt(line.substring("content-length:".length()).trim()))
            .findFirst()
            .orElse(-1);
    assertThat(length).as("Content-Length of %s", text).isNotNegative();
    in.readNBytes(length);
    return Integer.parseInt(text.substring(9, 12));
  }

  private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
    byte[] bytes = head.toByteArray();
    int n = bytes.length;
    return n >= 4
        && bytes[n - 4] == '\r'
        && bytes[n - 3] == '\n'
        && bytes[n - 2] == '\r'
        && bytes[n - 1] == '\n';
  }
}
