//! Orders a monthly plan for a SIM, enables it, ends it early and lists the orders page by
//! page, against the embedded mock server: no credentials, no network.
//!
//! `cargo run -p linksfield --example quickstart --features mock`

use linksfield::mock::MockServer;
use linksfield::paging::StreamExt;
use linksfield::{
    AheadFinishDeviceOrderRequest, Client, GlobalOrder, IsOpen, OpenPackageRequest,
    OrderPackageRequest, PackageType, PayRst, QueryOrderRequest, TestFlowFlag,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start().await?;
    println!("mock Cube server at {}", server.url());
    // Against the real API: `let client = Client::from_env()?;`
    let client = server.client()?;
    quickstart(&client).await?;
    println!(
        "the mock received {} signed requests",
        server.received().len()
    );
    Ok(())
}

/// Orders a monthly plan, enables it, ends it early, lists the orders; returns how many
/// orders were listed.
async fn quickstart(client: &Client) -> Result<usize, linksfield::Error> {
    let order = client
        .order_package(&OrderPackageRequest {
            device_id: "89852022018041800192".into(),
            package_code: "DP20190726001274".into(),
            package_name: "C_M_0_P_中国20M不限速月套餐".into(),
            package_type: PackageType::Monthly,
            order_period: "1".into(),
            pay_amount: "0.00".into(),
            pay_rst: PayRst::Unpaid,
            pay_type: None,
            is_open: IsOpen::DoNotEnable,
            global_order: GlobalOrder::No,
            test_flow: "0".into(),
            test_flow_flag: TestFlowFlag::No,
        })
        .await?;
    println!("1. ordered a monthly plan: order {}", order.order_id);

    let opened = client
        .open_package(&OpenPackageRequest {
            order_id: order.order_id.clone(),
        })
        .await?;
    println!(
        "2. enabled order {}: active from {} until {}",
        opened.order_id, opened.order_start_date, opened.order_expire_date
    );

    let end_early = AheadFinishDeviceOrderRequest {
        order_code: order.order_id.clone(),
        ahead_finish_cause: "quickstart finished".into(),
        device_type: None,
    };
    client.ahead_finish_device_order(&end_early).await?;
    println!("3. ended order {} early", order.order_id);

    // Every order, one page (of one order) per request.
    let query = QueryOrderRequest {
        device_id: None,
        order_id: None,
        order_status: None,
        order_type: None,
        page_no: 1,
        page_size: 1,
    };
    let mut orders = std::pin::pin!(client.query_order_pages(query));
    let mut listed = 0;
    while let Some(order) = orders.next().await {
        println!("4. listed order {}", order?.order_code.unwrap_or_default());
        listed += 1;
    }
    Ok(listed)
}

#[tokio::test]
async fn runs_against_the_mock() {
    let server = MockServer::start().await.unwrap();
    assert!(quickstart(&server.client().unwrap()).await.unwrap() > 0);
    assert!(server.received().len() >= 4);
}
