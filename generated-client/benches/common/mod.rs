//! What the benches share: the request they send.

use linksfield::{
    GlobalOrder, IsOpen, OrderPackageRequest, PackageType, PayRst, PayType, TestFlowFlag,
};

/// The orderPackage request of the documented example.
pub fn order() -> OrderPackageRequest {
    OrderPackageRequest {
        device_id: "89852022018041800192".into(),
        global_order: GlobalOrder::No,
        is_open: IsOpen::DoNotEnable,
        order_period: "1".into(),
        package_code: "DP20190726001274".into(),
        package_name: "C_M_0_P_中国20M不限速月套餐".into(),
        package_type: PackageType::Monthly,
        pay_amount: "0".into(),
        pay_rst: PayRst::Unpaid,
        pay_type: Some(PayType::Alipay),
        test_flow: "0".into(),
        test_flow_flag: TestFlowFlag::No,
    }
}
