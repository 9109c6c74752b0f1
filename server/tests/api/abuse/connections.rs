//! Slow and numerous connections are bounded: a client that sends its headers a byte at a
//! time is cut off after the header read timeout, idle connections are closed, and one address
//! cannot take more than its share of connections.

use crate::helpers::{TestApp, TestOptions, spawn_app_with};
use server::http::serve::ConnectionLimits;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

async fn app_with(header_read_timeout: Duration, max_connections_per_ip: usize) -> TestApp {
    spawn_app_with(TestOptions {
        connections: Some(ConnectionLimits {
            header_read_timeout,
            max_connections: 4096,
            max_connections_per_ip,
            shutdown_grace: Duration::ZERO,
        }),
        ..TestOptions::default()
    })
    .await
}

async fn connect_from(app: &TestApp, source: &str) -> TcpStream {
    let socket = TcpSocket::new_v4().expect("socket");
    socket
        .bind(format!("{source}:0").parse().expect("address"))
        .expect("bind the source address");
    let target = app.address.trim_start_matches("http://").parse().expect("target");
    socket.connect(target).await.expect("connect")
}

/// Whether the server has closed `stream` (a read returns end of file or an error).
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(wait, stream.read(&mut buffer)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            // A 408 or similar before closing is fine: keep reading until it closes.
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test]
async fn a_client_sending_its_headers_a_byte_at_a_time_is_cut_off() {
    let app = app_with(Duration::from_secs(1), 256).await;
    let mut slow = connect_from(&app, "127.0.0.21").await;
    let request = b"GET /healthz HTTP/1.1\r\nHost: portal\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let mut cut_off = false;
    for byte in request {
        if slow.write_all(&[*byte]).await.is_err() {
            cut_off = true;
            break;
        }
        // 40 ms a byte: the headers would take about 4 s, four times the timeout.
        let mut probe = [0u8; 256];
        if let Ok(Ok(0) | Err(_)) =
            tokio::time::timeout(Duration::from_millis(40), slow.read(&mut probe)).await
        {
            cut_off = true;
            break;
        }
    }
    assert!(
        cut_off || closed_within(&mut slow, Duration::from_secs(3)).await,
        "the slow client is disconnected"
    );
    // Meanwhile, everyone else is served.
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_timeout() {
    let app = app_with(Duration::from_secs(1), 256).await;
    let mut idle = connect_from(&app, "127.0.0.22").await;
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: portal\r\n\r\n")
        .await
        .expect("request");
    let mut buffer = [0u8; 4096];
    let read = idle.read(&mut buffer).await.expect("response");
    assert!(String::from_utf8_lossy(&buffer[..read]).starts_with("HTTP/1.1 200"));
    assert!(
        closed_within(&mut idle, Duration::from_secs(5)).await,
        "the idle connection is closed"
    );
}

#[tokio::test]
async fn one_address_cannot_take_more_than_its_share_of_connections() {
    let app = app_with(Duration::from_secs(10), 4).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(connect_from(&app, "127.0.0.23").await);
    }
    let mut extra = connect_from(&app, "127.0.0.23").await;
    assert!(
        closed_within(&mut extra, Duration::from_secs(5)).await,
        "a fifth connection from the same address is closed at once"
    );
    let other = reqwest::Client::builder()
        .local_address("127.0.0.24".parse::<std::net::IpAddr>().expect("ip"))
        .build()
        .expect("client");
    let response = other.get(app.url("/healthz")).send().await.expect("served");
    assert_eq!(response.status().as_u16(), 200, "another address is served");
    drop(held);
}
