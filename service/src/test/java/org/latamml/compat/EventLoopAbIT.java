package org.latamml.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latamml.testing.PackagedService;

/**
 * The routes answered on the event loop ({@code POST /predict-flight}, {@code GET /check-flight},
 * {@code POST /v1/predictions}, {@code POST /predict}, {@code POST
 * /v2/models/latam-flight-delay/infer}) with those answers on and off are the same service: over
 * HTTP, with authentication required, a corpus of requests (valid ids, every class of bad input,
 * duplicate keys and parameters, missing and wrong credentials, wrong roles and content types,
 * oversized and chunked bodies) gets the same status, the same headers that matter and the same
 * body bytes from both.
 */
class EventLoopAbIT {
  private static final String INVOKER = "lmk_ab_invoker_5f0c7d2a9b1e4f6a8c3d";
  private static final String ADMIN = "lmk_ab_admin_1a2b3c4d5e6f7a8b9c0d";
  private static final String VIEWER = "lmk_ab_viewer_0f9e8d7c6b5a4f3e2d1c";
  private static final String REVOKED = "lmk_ab_revoked_9a8b7c6d5e4f3a2b1c0d";
  private static final List<String> COMPARED_HEADERS =
      List.of(
          "content-type",
          "www-authenticate",
          "retry-after",
          "allow",
          "x-model-version",
          "x-model-fallback");

  @TempDir static Path dir;
  private static PackagedService fast;
  private static PackagedService full;

  @BeforeAll
  static void start() throws Exception {
    // Of the fixture's 40 flights, the latest are kept: 38-40 as answers, 35-37 as predictions
    // alone, the rest not: each way compared.
    List<String> fastSettings = new ArrayList<>(settings("true", "ab_fast"));
    fastSettings.add("latam.kept-answers.flights=3");
    fastSettings.add("latam.kept-answers.prediction-flights=6");
    fast = PackagedService.start(dir.resolve("fast.log"), fastSettings);
    full = PackagedService.start(dir.resolve("full.log"), settings("false", "ab_full"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fast != null) {
      fast.close();
    }
    if (full != null) {
      full.close();
    }
  }

  private static List<String> settings(String fastPath, String database) throws Exception {
    return List.of(
        "quarkus.profile=local",
        "latam.fast-path=" + fastPath,
        "latam.request-log=false",
        "quarkus.datasource.jdbc.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
        "latam.flights-csv=src/test/resources/flights.csv",
        "latam.auth.mode=required",
        "latam.auth.api-keys.ops.sha256=" + sha256(INVOKER),
        "latam.auth.api-keys.deployer.sha256=" + sha256(ADMIN),
        "latam.auth.api-keys.deployer.roles=admin",
        "latam.auth.api-keys.viewer.sha256=" + sha256(VIEWER),
        "latam.auth.api-keys.viewer.roles=viewer",
        "latam.auth.api-keys.old.sha256=" + sha256(REVOKED),
        "latam.auth.api-keys.old.revoked=true");
  }

  private static String sha256(String key) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** One request of the corpus: its name, method, target, headers (one line each) and body. */
  // The body is built once and only written out.
  @SuppressWarnings("ArrayRecordComponent")
  private record Call(
      String name, String method, String target, List<String> headers, byte[] body) {}

  private static final String TARGET = "/predict-flight";

  private static Call post(String name, String body, String... headers) {
    List<String> lines = new ArrayList<>(List.of(headers));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    lines.add("Content-Length: " + bytes.length);
    return new Call(name, "POST", TARGET, lines, bytes);
  }

  private static Call json(String name, String body, String key) {
    return post(name, body, "Content-Type: application/json", "Authorization: Bearer " + key);
  }

  private static Call chunked(String name, String body, String key) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int at = 0; at < bytes.length; at += 7) {
      int length = Math.min(7, bytes.length - at);
      out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes, at, length);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return new Call(
        name,
        "POST",
        TARGET,
        List.of(
            "Content-Type: application/json",
            "Authorization: Bearer " + key,
            "Transfer-Encoding: chunked"),
        out.toByteArray());
  }

  private static String prototype(String id) {
    return "{\"Vlo_l\": "
        + id
        + ", \"Fecha_l\": \"\", \"O_vlo\": \"\", \"O_fecha\": \"\", \"flight_type\": \"\","
        + " \"airline\": \"\"}";
  }

  private static List<Call> corpus() {
    List<Call> calls = new ArrayList<>();
    for (int id : new int[] {1, 2, 3, 4, 33, 34, 35, 36, 37, 38, 39, 40}) {
      calls.add(json("id " + id, prototype("\"" + id + "\""), id % 2 == 0 ? INVOKER : ADMIN));
    }
    // Asked again: answered from the kept answer, the kept prediction, or predicted again.
    for (int id : new int[] {2, 34, 36, 37, 39, 40}) {
      calls.add(json("id " + id + " again", prototype("\"" + id + "\""), INVOKER));
    }
    calls.add(json("id 40, compact", "{\"Vlo_l\":\"40\"}", INVOKER));
    calls.add(json("id as a number", prototype("12"), INVOKER));
    calls.add(json("unknown id", prototype("\"99999999\""), INVOKER));
    calls.add(json("id zero", prototype("\"0\""), INVOKER));
    calls.add(json("negative id", prototype("\"-1\""), INVOKER));
    calls.add(json("id abc", prototype("\"abc\""), INVOKER));
    calls.add(json("empty id", prototype("\"\""), INVOKER));
    calls.add(json("fractional id", prototype("\"1.5\""), INVOKER));
    calls.add(json("null id", prototype("null"), INVOKER));
    calls.add(json("no id", "{\"Fecha_l\": \"\"}", INVOKER));
    calls.add(json("id as an object", "{\"Vlo_l\": {\"x\": \"1\"}}", INVOKER));
    calls.add(json("escaped id", "{\"Vlo_l\": \"\\u0033\"}", INVOKER));
    calls.add(json("non-ASCII id", "{\"Vlo_l\": \"\uFF11\"}", INVOKER));
    calls.add(json("array body", "[\"1\"]", INVOKER));
    calls.add(json("null body", "null", INVOKER));
    calls.add(json("malformed", "{\"Vlo_l\": \"1\"", INVOKER));
    calls.add(json("trailing content", "{\"Vlo_l\": \"1\"} x", INVOKER));
    calls.add(json("unknown field", "{\"Vlo_l\": \"2\", \"extra\": \"x\"}", INVOKER));
    calls.add(json("id twice, same value", "{\"Vlo_l\": \"1\", \"Vlo_l\": \"1\"}", INVOKER));
    calls.add(json("id twice", "{\"Vlo_l\": \"1\", \"Vlo_l\": \"2\"}", INVOKER));
    calls.add(
        json("airline twice", "{\"Vlo_l\": \"1\", \"airline\": \"\", \"airline\": \"\"}", INVOKER));
    calls.add(post("no credential", prototype("\"1\""), "Content-Type: application/json"));
    calls.add(json("wrong key", prototype("\"1\""), "lmk_not_a_key_at_all_000000"));
    calls.add(json("revoked key", prototype("\"1\""), REVOKED));
    calls.add(json("a token, when only keys are taken", prototype("\"1\""), "a.b.c"));
    calls.add(
        post(
            "basic scheme",
            prototype("\"1\""),
            "Content-Type: application/json",
            "Authorization: Basic dXNlcjpwYXNz"));
    calls.add(
        post(
            "two Authorization headers",
            prototype("\"1\""),
            "Content-Type: application/json",
            "Authorization: Bearer " + INVOKER,
            "Authorization: Bearer " + ADMIN));
    calls.add(json("a 9 KiB credential", prototype("\"1\""), INVOKER + "x".repeat(9 * 1024)));
    calls.add(json("a role that may not predict", prototype("\"1\""), VIEWER));
    calls.add(post("text/plain", prototype("\"1\""), "Content-Type: text/plain", auth(INVOKER)));
    calls.add(post("no content type", prototype("\"1\""), auth(INVOKER)));
    calls.add(
        post(
            "json with a charset",
            prototype("\"3\""),
            "Content-Type: application/json; charset=UTF-8",
            auth(INVOKER)));
    calls.add(
        post(
            "accepts only HTML",
            prototype("\"3\""),
            "Content-Type: application/json",
            "Accept: text/html",
            auth(INVOKER)));
    calls.add(
        json(
            "a body over 64 KiB",
            "{\"Vlo_l\": \"1\", \"pad\": \"" + "x".repeat(70_000) + "\"}",
            INVOKER));
    calls.add(
        json(
            "a bad id in a 20 KiB body",
            "{\"Vlo_l\": \"abc\", \"pad\": \"" + "x".repeat(20_000) + "\"}",
            INVOKER));
    calls.add(chunked("a chunked body", prototype("\"5\""), INVOKER));
    calls.add(chunked("a chunked bad body", prototype("\"abc\""), INVOKER));
    calls.add(new Call("GET", "GET", TARGET, List.of(auth(INVOKER)), new byte[0]));
    Call explained = json("explained", prototype("\"4\""), INVOKER);
    calls.add(
        new Call(
            "explained", "POST", TARGET + "?explain=true", explained.headers(), explained.body()));
    Call badExplain = json("explain=maybe", prototype("\"4\""), INVOKER);
    calls.add(
        new Call(
            "explain=maybe",
            "POST",
            TARGET + "?explain=maybe",
            badExplain.headers(),
            badExplain.body()));
    calls.add(json("empty body", "", INVOKER));
    calls.addAll(checks());
    calls.addAll(batches());
    calls.addAll(challenges());
    calls.addAll(inferences());
    calls.addAll(boards());
    return calls;
  }

  private static final String INFER = "/v2/models/latam-flight-delay/infer";

  private static Call infer(String name, String body, String... headers) {
    Call call = batch(name, body, headers);
    return new Call(name, "POST", INFER, call.headers(), call.body());
  }

  /** An input column of the Open Inference Protocol: {@code values} as BYTES of shape [N]. */
  private static String column(String name, String shape, List<String> values) {
    return "{\"name\": \""
        + name
        + "\", \"shape\": "
        + shape
        + ", \"datatype\": \"BYTES\", \"data\": [\""
        + String.join("\", \"", values)
        + "\"]}";
  }

  /** {@code count} flights as columns, with their destinations; {@code extra} inside the body. */
  private static String columns(int count, String extra) {
    List<String> airlines = new ArrayList<>();
    List<String> types = new ArrayList<>();
    List<String> times = new ArrayList<>();
    List<String> destinations = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      airlines.add(i % 3 == 0 ? "Sky Airline" : "Grupo LATAM");
      types.add(i % 2 == 0 ? "I" : "N");
      times.add("2017-0" + (1 + i % 9) + "-14T1" + (i % 10) + ":00:00");
      destinations.add("SAEZ");
    }
    String shape = "[" + count + "]";
    return "{"
        + extra
        + "\"inputs\": ["
        + column("airline", shape, airlines)
        + ", "
        + column("flight_type", shape, types)
        + ", "
        + column("scheduled_departure", shape, times)
        + ", "
        + column("destination", shape, destinations)
        + "]}";
  }

  private static List<Call> inferences() {
    String json = "Content-Type: application/json";
    String one = columns(1, "");
    List<Call> calls = new ArrayList<>();
    calls.add(infer("infer, three flights", columns(3, "\"id\": \"42\", "), json, auth(INVOKER)));
    calls.add(infer("infer, one flight", one, json, auth(ADMIN)));
    calls.add(infer("infer, a hundred flights", columns(100, ""), json, auth(INVOKER)));
    calls.add(
        infer(
            "infer, only delayed",
            columns(2, "\"outputs\": [{\"name\": \"delayed\"}], "),
            json,
            auth(INVOKER)));
    calls.add(
        infer(
            "infer, shape [1, 1]",
            one.replace("\"shape\": [1]", "\"shape\": [1, 1]"),
            json,
            auth(INVOKER)));
    calls.add(
        infer(
            "infer, nested data", one.replace("[\"SAEZ\"]", "[[\"SAEZ\"]]"), json, auth(INVOKER)));
    calls.add(infer("infer, parameters", columns(2, "\"parameters\": {}, "), json, auth(INVOKER)));
    calls.add(
        infer(
            "infer, a number's datatype",
            one.replace("\"BYTES\"", "\"FP32\""),
            json,
            auth(INVOKER)));
    calls.add(
        infer(
            "infer, no flight type",
            one.replace("\"flight_type\"", "\"seats\""),
            json,
            auth(INVOKER)));
    calls.add(infer("infer, a bad time", one.replace("T10:00:00", "noon"), json, auth(INVOKER)));
    calls.add(infer("infer, 1,001 flights", columns(1_001, ""), json, auth(INVOKER)));
    calls.add(
        infer(
            "infer, an unknown output",
            columns(1, "\"outputs\": [{\"name\": \"output0\"}], "),
            json,
            auth(INVOKER)));
    calls.add(infer("infer, trailing content", one + " x", json, auth(INVOKER)));
    calls.add(infer("infer, malformed", "{\"inputs\": [", json, auth(INVOKER)));
    calls.add(infer("infer without a credential", one, json));
    calls.add(infer("infer by a viewer", one, json, auth(VIEWER)));
    calls.add(infer("infer as text", one, "Content-Type: text/plain", auth(INVOKER)));
    calls.add(
        infer(
            "infer, an escaped id",
            columns(1, "\"id\": \"\\u00e9t\\u00e9 \\\"q\\\"\", "),
            json,
            auth(INVOKER)));
    calls.add(
        infer(
            "infer, every output named",
            columns(2, "\"outputs\": [{\"name\": \"probability\"}, {\"name\": \"delayed\"}], "),
            json,
            auth(INVOKER)));
    calls.add(
        infer("infer, no output named", columns(2, "\"outputs\": [], "), json, auth(INVOKER)));
    calls.add(
        infer(
            "infer, with flight numbers",
            one.substring(0, one.length() - 2)
                + ", "
                + column("flight_number", "[1]", List.of("445"))
                + "]}",
            json,
            auth(INVOKER)));
    calls.add(
        infer(
            "infer, a key twice",
            columns(1, "\"id\": \"1\", \"id\": \"2\", "),
            json,
            auth(INVOKER)));
    calls.add(infer("infer, an id as a number", columns(1, "\"id\": 42, "), json, auth(INVOKER)));
    Call slash = infer("infer with a trailing slash", one, json, auth(INVOKER));
    calls.add(
        new Call(
            "infer with a trailing slash", "POST", INFER + "/", slash.headers(), slash.body()));
    Call other = infer("infer, another model", one, json, auth(INVOKER));
    calls.add(
        new Call(
            "infer, another model",
            "POST",
            "/v2/models/other/infer",
            other.headers(),
            other.body()));
    Call query = infer("infer with a query", one, json, auth(INVOKER));
    calls.add(
        new Call("infer with a query", "POST", INFER + "?x=1", query.headers(), query.body()));
    return calls;
  }

  private static Call challenge(String name, String body, String... headers) {
    Call call = batch(name, body, headers);
    return new Call(name, "POST", "/predict", call.headers(), call.body());
  }

  private static List<Call> challenges() {
    String json = "Content-Type: application/json";
    String one = "{\"OPERA\": \"Grupo LATAM\", \"TIPOVUELO\": \"I\", \"MES\": 7}";
    List<Call> calls = new ArrayList<>();
    calls.add(
        challenge("challenge, one flight", "{\"flights\": [" + one + "]}", json, auth(INVOKER)));
    calls.add(
        challenge(
            "challenge, three flights",
            "{\"flights\": ["
                + one
                + ", {\"OPERA\": \"Sky Airline\", \"TIPOVUELO\": \"N\", \"MES\": 12},"
                + " {\"OPERA\": \"Aerolineas Argentinas\", \"TIPOVUELO\": \"I\", \"MES\": 1}]}",
            json,
            auth(ADMIN)));
    calls.add(challenge("challenge, no flights", "{\"flights\": []}", json, auth(INVOKER)));
    calls.add(
        challenge(
            "challenge, an unknown airline",
            "{\"flights\": [{\"OPERA\": \"Nope\", \"TIPOVUELO\": \"I\", \"MES\": 7}]}",
            json,
            auth(INVOKER)));
    calls.add(
        challenge(
            "challenge, month 13",
            "{\"flights\": [{\"OPERA\": \"Grupo LATAM\", \"TIPOVUELO\": \"I\", \"MES\": 13}]}",
            json,
            auth(INVOKER)));
    calls.add(
        challenge(
            "challenge, a month as text",
            "{\"flights\": [{\"OPERA\": \"Grupo LATAM\", \"TIPOVUELO\": \"I\", \"MES\": \"x\"}]}",
            json,
            auth(INVOKER)));
    calls.add(challenge("challenge, a null flight", "{\"flights\": [null]}", json, auth(INVOKER)));
    calls.add(
        challenge(
            "challenge, trailing content", "{\"flights\": [" + one + "]} x", json, auth(INVOKER)));
    calls.add(challenge("challenge without a credential", "{\"flights\": [" + one + "]}", json));
    calls.add(
        challenge("challenge by a viewer", "{\"flights\": [" + one + "]}", json, auth(VIEWER)));
    return calls;
  }

  private static Call batch(String name, String body, String... headers) {
    List<String> lines = new ArrayList<>(List.of(headers));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    lines.add("Content-Length: " + bytes.length);
    return new Call(name, "POST", "/v1/predictions", lines, bytes);
  }

  private static String flight(int i) {
    return "{\"airline\": \"Grupo LATAM\", \"flight_type\": \""
        + (i % 2 == 0 ? "I" : "N")
        + "\", \"scheduled_departure\": \"2017-0"
        + (1 + i % 9)
        + "-14T1"
        + (i % 10)
        + ":00:00\", \"destination\": \"SAEZ\"}";
  }

  private static String flights(int count) {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(flight(i));
    }
    return "{\"flights\": [" + String.join(", ", list) + "]}";
  }

  private static List<Call> batches() {
    String json = "Content-Type: application/json";
    List<Call> calls = new ArrayList<>();
    calls.add(batch("one flight", flights(1), json, auth(INVOKER)));
    calls.add(batch("another flight", "{\"flights\": [" + flight(5) + "]}", json, auth(ADMIN)));
    calls.add(batch("a hundred flights", flights(100), json, auth(INVOKER)));
    calls.add(batch("1,001 flights", flights(1_001), json, auth(INVOKER)));
    calls.add(batch("no flights", "{\"flights\": []}", json, auth(INVOKER)));
    calls.add(batch("flights null", "{\"flights\": null}", json, auth(INVOKER)));
    calls.add(batch("no flights field", "{}", json, auth(INVOKER)));
    calls.add(batch("a null flight", "{\"flights\": [null]}", json, auth(INVOKER)));
    calls.add(
        batch(
            "an unknown airline and a bad time",
            "{\"flights\": [{\"airline\": \"Nope\", \"flight_type\": \"I\","
                + " \"scheduled_departure\": \"noon\"}]}",
            json,
            auth(INVOKER)));
    calls.add(
        batch(
            "a flight type twice",
            "{\"flights\": [{\"airline\": \"Grupo LATAM\", \"flight_type\": \"I\","
                + " \"flight_type\": \"N\", \"scheduled_departure\": \"2017-01-01T10:00:00\"}]}",
            json,
            auth(INVOKER)));
    calls.add(
        batch(
            "an unknown field",
            "{\"flights\": [" + flight(2) + "], \"extra\": 1}",
            json,
            auth(INVOKER)));
    calls.add(batch("trailing content", flights(1) + " x", json, auth(INVOKER)));
    calls.add(batch("malformed", "{\"flights\": [", json, auth(INVOKER)));
    calls.add(batch("an array body", "[" + flight(1) + "]", json, auth(INVOKER)));
    calls.add(batch("batch without a credential", flights(1), json));
    calls.add(batch("batch by a viewer", flights(1), json, auth(VIEWER)));
    calls.add(batch("batch as text", flights(1), "Content-Type: text/plain", auth(INVOKER)));
    calls.add(batch("a body over 512 KiB", flights(6_000), json, auth(INVOKER)));
    Call explained = batch("batch explained", flights(2), json, auth(INVOKER));
    calls.add(
        new Call(
            "batch explained",
            "POST",
            "/v1/predictions?explain=true",
            explained.headers(),
            explained.body()));
    return calls;
  }

  private static Call check(String name, String query, String... headers) {
    return new Call(name, "GET", "/check-flight" + query, List.of(headers), new byte[0]);
  }

  private static Call board(String name, String query, String... headers) {
    return new Call(name, "GET", "/v1/board" + query, List.of(headers), new byte[0]);
  }

  /** Boards of the fixture's first morning: each window asked twice, made then kept. */
  private static List<Call> boards() {
    String morning = "?from=2017-01-01T05:00&hours=3&as_of=2017-01-01T05:30";
    List<Call> calls = new ArrayList<>();
    calls.add(board("a board", morning, auth(INVOKER)));
    calls.add(board("a board again", morning, auth(INVOKER)));
    calls.add(board("a board for an admin", morning, auth(ADMIN)));
    calls.add(board("a board with a trailing slash", "/" + morning, auth(INVOKER)));
    calls.add(board("a board with spaces", morning.replace("=2017", "=%202017"), auth(INVOKER)));
    calls.add(board("a board with its window twice", morning + "&from=x", auth(INVOKER)));
    for (int i = 0; i < 2; i++) {
      calls.add(board("a day's board", "?from=2017-01-01T00:00&hours=24", auth(INVOKER)));
      calls.add(
          board(
              "a board known later",
              "?from=2017-01-01T05:00&as_of=2017-01-01T09:40:30",
              auth(INVOKER)));
      calls.add(board("a board with a plus", morning + "+", auth(INVOKER)));
    }
    calls.add(board("a board of 25 hours", "?from=2017-01-01T05:00&hours=25", auth(INVOKER)));
    calls.add(board("a board of abc hours", "?from=2017-01-01T05:00&hours=abc", auth(INVOKER)));
    calls.add(board("a board from month 13", "?from=2017-13-01T05:00", auth(INVOKER)));
    calls.add(board("a board from no time", "?from=tomorrow", auth(INVOKER)));
    calls.add(board("a board with a broken escape", "?from=%zz", auth(INVOKER)));
    calls.add(board("a board without a credential", morning));
    calls.add(board("a board with a revoked key", morning, auth(REVOKED)));
    calls.add(board("a board for a viewer", morning, auth(VIEWER)));
    calls.add(board("a board accepting only HTML", morning, auth(INVOKER), "Accept: text/html"));
    calls.add(
        new Call(
            "a board by POST", "POST", "/v1/board" + morning, List.of(auth(INVOKER)), new byte[0]));
    return calls;
  }

  private static List<Call> checks() {
    List<Call> calls = new ArrayList<>();
    for (int id = 1; id <= 4; id++) {
      calls.add(check("check " + id, "?Vlo_l=" + id, auth(id % 2 == 0 ? INVOKER : ADMIN)));
    }
    calls.add(check("check an unknown id", "?Vlo_l=99999999", auth(INVOKER)));
    calls.add(check("check id zero", "?Vlo_l=0", auth(INVOKER)));
    calls.add(check("check id abc", "?Vlo_l=abc", auth(INVOKER)));
    calls.add(check("check an id too large", "?Vlo_l=99999999999", auth(INVOKER)));
    calls.add(check("check without an id", "", auth(INVOKER)));
    calls.add(check("check an empty id", "?Vlo_l=", auth(INVOKER)));
    calls.add(check("check an id with spaces", "?Vlo_l=%2007%20", auth(INVOKER)));
    calls.add(check("check a plus", "?Vlo_l=7+6", auth(INVOKER)));
    calls.add(check("check a broken escape", "?Vlo_l=%zz", auth(INVOKER)));
    calls.add(check("check the id twice", "?Vlo_l=2&Vlo_l=3", auth(INVOKER)));
    calls.add(check("check another parameter", "?Vlo_l=2&x=1", auth(INVOKER)));
    calls.add(check("check with a trailing slash", "/?Vlo_l=2", auth(INVOKER)));
    calls.add(check("check without a credential", "?Vlo_l=1"));
    calls.add(check("check with a revoked key", "?Vlo_l=1", auth(REVOKED)));
    calls.add(check("check by a viewer", "?Vlo_l=1", auth(VIEWER)));
    calls.add(check("check accepting only HTML", "?Vlo_l=1", auth(INVOKER), "Accept: text/html"));
    calls.add(
        new Call(
            "check by POST", "POST", "/check-flight?Vlo_l=1", List.of(auth(INVOKER)), new byte[0]));
    return calls;
  }

  private static String auth(String key) {
    return "Authorization: Bearer " + key;
  }

  /** What a response is compared by. */
  private record Answer(int status, Map<String, String> headers, String body) {}

  @Test
  void answersEveryRequestOfTheCorpusAsTheFullPathDoes() throws Exception {
    List<Call> calls = corpus();
    assertThat(calls).hasSizeGreaterThanOrEqualTo(40);
    int answeredOk = 0;
    for (Call call : calls) {
      Answer fromFast = send(fast.port(), call);
      Answer fromFull = send(full.port(), call);

      assertThat(fromFast).as(call.name()).isEqualTo(fromFull);
      answeredOk += fromFast.status() == 200 ? 1 : 0;
    }
    // Both paths were taken: the event loop answered every plain request for a well-formed id,
    // and the service without those answers answered none that way.
    assertThat(answeredOk).isGreaterThanOrEqualTo(9 + 8 + 4 + 2 + 10);
    assertThat(fastPathAnswers(fast)).isGreaterThanOrEqualTo(9 + 8 + 3 + 2 + 10);
    assertThat(fastPathAnswers(full)).isZero();
    // The plain valid ones: three, one, a hundred, only delayed, [1, 1], the escaped id, both
    // outputs, none named, flight numbers and the trailing slash.
    assertThat(fastPathAnswers(fast, INFER)).isEqualTo(10);
    // Ids 1-4 and 33-40, six of them twice, 40, the charset's 3 and the unknown field's 2: every
    // plain body with a valid id as a string.
    assertThat(fastPathAnswers(fast, "/predict-flight")).isGreaterThanOrEqualTo(12 + 6 + 2 + 1);
    // Asked again: 36 and 37 answered from their kept predictions, 39 and 40 (twice) from their
    // kept bytes; 2 and 34, older than the latest six, predicted again.
    assertThat(keptAnswers(fast, "prediction")).isEqualTo(2);
    assertThat(keptAnswers(fast, "answer")).isEqualTo(3);
    assertThat(keptAnswers(full, "")).isZero();
    // Every board asked again once made: again, for an admin, with a trailing slash, with spaces,
    // with its window twice, with a plus (a space, both times), the day's and the one known later
    // the second time.
    assertThat(fastPathAnswers(fast, "/v1/board")).isEqualTo(9);
  }

  private static double fastPathAnswers(PackagedService service) throws Exception {
    return fastPathAnswers(service, "");
  }

  /** The event loop's answers on the routes whose path contains {@code route}. */
  private static double fastPathAnswers(PackagedService service, String route) throws Exception {
    return sum(service, "latam_fast_path_answers_total", "route=\"" + route);
  }

  /** Predict-flight's answers made from what was kept, its bytes or its prediction. */
  private static double keptAnswers(PackagedService service, String kept) throws Exception {
    return sum(service, "latam_kept_answers_total", "kept=\"" + kept);
  }

  /** The sum of the samples of {@code series} whose labels contain {@code label}. */
  private static double sum(PackagedService service, String series, String label) throws Exception {
    String metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(service.uri("/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    return metrics
        .lines()
        .filter(line -> line.startsWith(series + "{"))
        .filter(line -> line.contains(label))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static Answer send(int port, Call call) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      StringBuilder head = new StringBuilder();
      head.append(call.method()).append(' ').append(call.target()).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      head.append("Connection: close\r\n");
      call.headers().forEach(line -> head.append(line).append("\r\n"));
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(call.body());
      out.flush();
      return read(socket.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    List<String> lines = text.substring(0, end).lines().toList();
    int status = Integer.parseInt(lines.get(0).substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    boolean chunked = false;
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      chunked |= name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked");
      if (COMPARED_HEADERS.contains(name)) {
        headers.merge(name, value, (a, b) -> a + ", " + b);
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    return new Answer(
        status, headers, new String(chunked ? unchunk(body) : body, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < body.length) {
      int lineEnd = at;
      while (body[lineEnd] != '\r') {
        lineEnd++;
      }
      int size =
          Integer.parseInt(new String(body, at, lineEnd - at, StandardCharsets.US_ASCII), 16);
      if (size == 0) {
        break;
      }
      out.write(body, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }
}
