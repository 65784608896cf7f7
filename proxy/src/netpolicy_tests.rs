use super::*;

fn refused(s: &str) -> Option<Refusal> {
    classify(s.parse().unwrap())
}

#[test]
fn every_class_is_refused() {
    for (addr, why) in [
        ("0.0.0.0", Refusal::Unspecified),
        ("0.1.2.3", Refusal::Unspecified),
        ("127.0.0.1", Refusal::Loopback),
        ("127.255.255.254", Refusal::Loopback),
        ("10.0.0.1", Refusal::Private),
        ("172.16.0.1", Refusal::Private),
        ("172.31.255.255", Refusal::Private),
        ("192.168.1.1", Refusal::Private),
        ("100.64.0.1", Refusal::SharedCgnat),
        ("100.127.255.255", Refusal::SharedCgnat),
        ("169.254.1.1", Refusal::LinkLocal),
        ("169.254.169.254", Refusal::Metadata),
        ("224.0.0.1", Refusal::Multicast),
        ("239.255.255.250", Refusal::Multicast),
        ("255.255.255.255", Refusal::Broadcast),
        ("240.0.0.1", Refusal::Reserved),
        ("192.0.0.170", Refusal::Reserved),
        ("192.0.2.1", Refusal::Reserved),
        ("198.18.0.1", Refusal::Reserved),
        ("::", Refusal::Unspecified),
        ("::1", Refusal::Loopback),
        ("fe80::1", Refusal::LinkLocal),
        ("febf::1", Refusal::LinkLocal),
        ("fc00::1", Refusal::UniqueLocal),
        ("fd12:3456::1", Refusal::UniqueLocal),
        ("fd00:ec2::254", Refusal::Metadata),
        ("fec0::1", Refusal::UniqueLocal),
        ("ff02::1", Refusal::Multicast),
        ("::ffff:127.0.0.1", Refusal::Loopback),
        ("::ffff:7f00:1", Refusal::Loopback),
        ("::ffff:169.254.169.254", Refusal::Metadata),
        ("::ffff:10.1.2.3", Refusal::Private),
        ("::127.0.0.1", Refusal::Reserved),
        ("::8.8.8.8", Refusal::Reserved),
        ("64:ff9b::127.0.0.1", Refusal::Loopback),
        ("64:ff9b::a9fe:a9fe", Refusal::Metadata),
        ("64:ff9b:1::1", Refusal::Reserved),
        ("2002:7f00:1::", Refusal::Loopback),
        ("2002:c0a8:101::1", Refusal::Private),
        ("2001::1", Refusal::Reserved),
        ("2001:db8::1", Refusal::Reserved),
        ("100::1", Refusal::Reserved),
    ] {
        assert_eq!(refused(addr), Some(why), "{addr}");
    }
}

#[test]
fn public_addresses_pass() {
    for addr in ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "193.0.96.1", "2a00:1450:4001::1", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"]
    {
        assert_eq!(refused(addr), None, "{addr}");
    }
}

#[test]
fn operator_ranges_allow_only_themselves() {
    let p = Policy { allow: vec!["127.0.0.1".parse().unwrap(), "10.20.0.0/16".parse().unwrap()] };
    assert!(p.check("127.0.0.1".parse().unwrap()).is_ok());
    assert!(p.check("::ffff:127.0.0.1".parse().unwrap()).is_ok(), "the mapped form of an allowed address");
    assert_eq!(p.check("127.0.0.2".parse().unwrap()), Err(Refusal::Loopback));
    assert!(p.check("10.20.3.4".parse().unwrap()).is_ok());
    assert_eq!(p.check("10.21.0.1".parse().unwrap()), Err(Refusal::Private));
    assert_eq!(Policy::default().check("127.0.0.1".parse().unwrap()), Err(Refusal::Loopback));
}

#[test]
fn cidrs_parse() {
    assert_eq!("10.0.0.0/8".parse::<Cidr>().unwrap().to_string(), "10.0.0.0/8");
    assert_eq!("::1".parse::<Cidr>().unwrap().to_string(), "::1/128");
    assert!("10.0.0.0/33".parse::<Cidr>().is_err());
    assert!("example.org/8".parse::<Cidr>().is_err());
    assert!("0.0.0.0/0".parse::<Cidr>().unwrap().contains("8.8.8.8".parse().unwrap()));
}

#[test]
fn every_spelling_of_a_literal_host_is_an_address() {
    let lo = Host::Ip("127.0.0.1".parse().unwrap());
    for h in ["127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.1", "0x7f000001", "127.1", "127.0.1", "127.0.0.1.", "017700000001", "0x7F.0.0.1"] {
        let url = url::Url::parse(&format!("http://{h}:8080/x")).unwrap();
        assert_eq!(host_of(&url), Some(lo.clone()), "{h}");
        assert_eq!(host_of_authority(h), Some(lo.clone()), "{h}");
    }
    let url = url::Url::parse("http://[::ffff:127.0.0.1]/").unwrap();
    assert_eq!(host_of(&url), Some(Host::Ip("::ffff:7f00:1".parse().unwrap())));
    assert_eq!(host_of_authority("LOCALHOST."), Some(Host::Name("localhost".into())));
    assert_eq!(host_of_authority("api.example.gov.pl"), Some(Host::Name("api.example.gov.pl".into())));
    assert_eq!(host_of_authority("1.2.3.4.5"), None, "a numeric last label is never a name");
}
