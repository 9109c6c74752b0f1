//! Reusable view pieces. No server functions here.

pub mod credential_choice;
pub mod credentials;
pub mod exchange;
pub mod footer;
pub mod forms;
pub mod header;
pub mod inspection;
pub mod layout;
pub mod page_cards;
pub mod page_meta;
pub mod table_of_contents;
pub mod user_token;
