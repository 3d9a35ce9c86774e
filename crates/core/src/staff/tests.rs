use super::*;

#[test]
fn counts_of_one_to_four_are_suppressed_and_zero_is_shown() {
    assert_eq!(SmallCount::of(0), SmallCount::Exact(0));
    for n in 1..5 {
        assert_eq!(SmallCount::of(n).text(), "<5", "{n}");
        assert_eq!(SmallCount::of(n).exact(), None);
    }
    assert_eq!(SmallCount::of(5), SmallCount::Exact(5));
    assert_eq!(SmallCount::of(200_000).text(), "200000");
}

#[test]
fn suppressed_counts_travel_as_the_text_fewer_than_five() {
    assert_eq!(serde_json::to_string(&SmallCount::of(3)).unwrap(), "\"<5\"");
    assert_eq!(serde_json::to_string(&SmallCount::of(12)).unwrap(), "12");
    assert_eq!(
        serde_json::from_str::<SmallCount>("\"<5\"").unwrap(),
        SmallCount::of(1)
    );
    assert_eq!(
        serde_json::from_str::<SmallCount>("7").unwrap(),
        SmallCount::Exact(7)
    );
}

#[test]
fn a_share_of_a_suppressed_count_is_not_given() {
    assert_eq!(share(SmallCount::of(6), SmallCount::of(8)), Some(75));
    assert_eq!(share(SmallCount::of(3), SmallCount::of(8)), None);
    assert_eq!(share(SmallCount::of(0), SmallCount::of(8)), Some(0));
    assert_eq!(share(SmallCount::of(0), SmallCount::of(0)), None);
    assert_eq!(share(SmallCount::of(2), SmallCount::of(3)), None);
}

#[test]
fn a_tally_becomes_a_row_with_every_small_cell_suppressed() {
    let tally = Tally {
        registered: 20,
        checked_in: 15,
        green: 17,
        yellow: 3,
        red: 0,
        pending: 0,
        appeals_open: 1,
    };
    let row = tally.to_row("420602001".into(), "某街道".into(), DivisionLevel::Town, true);
    assert_eq!(row.registered.text(), "20");
    assert_eq!(row.checked_in_percent, Some(75));
    assert_eq!(row.yellow.text(), "<5");
    assert_eq!(row.red.text(), "0");
    assert_eq!(row.appeals_open.text(), "<5");
}

#[test]
fn grid_workers_hold_communities_and_officials_divisions_above_them() {
    assert!(Role::GridWorker.accepts_level(DivisionLevel::Village));
    assert!(!Role::GridWorker.accepts_level(DivisionLevel::Town));
    assert!(Role::Official.accepts_level(DivisionLevel::County));
    assert!(Role::Official.accepts_level(DivisionLevel::Town));
    assert!(!Role::Official.accepts_level(DivisionLevel::Village));
    assert!(!Role::Checkpoint.accepts_level(DivisionLevel::County));
    assert!(Role::ALL.iter().filter(|r| r.is_scoped()).count() == 2);
}

#[test]
fn isolation_counts_day_one_to_fourteen() {
    let start = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    assert_eq!(isolation_day(start, start), Some(1));
    assert_eq!(isolation_day(start, start + chrono::Days::new(13)), Some(14));
    assert_eq!(isolation_day(start, start + chrono::Days::new(14)), None);
    assert_eq!(isolation_day(start, start - chrono::Days::new(1)), None);
}

#[test]
fn a_follow_up_note_over_two_hundred_characters_is_refused_at_note() {
    let ok = ContactRequest {
        kind: ContactKind::Visited,
        note: Some("老人独居，已送菜".into()),
    };
    assert!(ok.validate().is_ok());
    let long = ContactRequest {
        kind: ContactKind::Contacted,
        note: Some("字".repeat(201)),
    };
    let err = long.validate().unwrap_err();
    assert_eq!(err.field, "note");
    assert!(err.zh.contains("201"));
}

#[test]
fn filters_pick_the_rows_they_name() {
    let row = ResidentRow {
        person_id: "p".into(),
        name_masked: "李*".into(),
        document_masked: None,
        relation: Relation::Own,
        applicant_masked: None,
        status: Some(CodeStatus::Issued),
        colour: Some(Colour::Yellow),
        valid_until: None,
        last_checkin: None,
        checked_in_today: false,
        isolation_day: None,
        last_contact: None,
    };
    assert!(ResidentFilter::NotCheckedIn.admits(&row));
    assert!(ResidentFilter::YellowOrRed.admits(&row));
    assert!(!ResidentFilter::Isolating.admits(&row));
    let green = ResidentRow {
        colour: Some(Colour::Green),
        checked_in_today: true,
        ..row
    };
    assert!(!ResidentFilter::NotCheckedIn.admits(&green));
    assert!(!ResidentFilter::YellowOrRed.admits(&green));
    assert!(ResidentFilter::All.admits(&green));
}
