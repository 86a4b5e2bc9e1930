//! Live chat's vocabulary: where a conversation stands and what an agent
//! can do to it. On the wire and in the database each is its code.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    Open,
    Resolved,
}

impl ConversationStatus {
    pub fn code(self) -> &'static str {
        match self {
            ConversationStatus::Open => "open",
            ConversationStatus::Resolved => "resolved",
        }
    }

    pub fn parse(code: &str) -> Option<ConversationStatus> {
        [ConversationStatus::Open, ConversationStatus::Resolved].into_iter().find(|s| s.code() == code)
    }
}

/// Who wrote a chat message.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Sender {
    Shopper,
    Agent,
    System,
}

impl Sender {
    pub fn code(self) -> &'static str {
        match self {
            Sender::Shopper => "shopper",
            Sender::Agent => "agent",
            Sender::System => "system",
        }
    }

    pub fn parse(code: &str) -> Option<Sender> {
        [Sender::Shopper, Sender::Agent, Sender::System].into_iter().find(|s| s.code() == code)
    }

    /// The status a new message from this sender gives its conversation
    /// (None: unchanged). A shopper writing again reopens a resolved
    /// conversation; an agent's answer or a system note leaves it as it is.
    pub fn sets_status(self) -> Option<ConversationStatus> {
        match self {
            Sender::Shopper => Some(ConversationStatus::Open),
            Sender::Agent | Sender::System => None,
        }
    }
}

/// What an agent does to a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatAction {
    /// Take it: the caller becomes its agent.
    Claim,
    /// Hand it to another agent.
    Assign,
    Resolve,
    Reopen,
}

impl ChatAction {
    /// The status the action sets, for the actions that set one.
    pub fn sets_status(self) -> Option<ConversationStatus> {
        match self {
            ChatAction::Resolve => Some(ConversationStatus::Resolved),
            ChatAction::Reopen => Some(ConversationStatus::Open),
            ChatAction::Claim | ChatAction::Assign => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_actions_travel_as_their_codes() {
        for s in [ConversationStatus::Open, ConversationStatus::Resolved] {
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.code()));
            assert_eq!(ConversationStatus::parse(s.code()), Some(s));
        }
        assert_eq!(serde_json::from_str::<ChatAction>("\"resolve\"").unwrap(), ChatAction::Resolve);
        assert!(serde_json::from_str::<ChatAction>("\"delete\"").is_err());
        assert_eq!(ChatAction::Reopen.sets_status(), Some(ConversationStatus::Open));
        assert_eq!(ChatAction::Claim.sets_status(), None);
        assert_eq!(Sender::parse("robot"), None);
    }

    #[test]
    fn only_a_shoppers_message_reopens_a_conversation() {
        assert_eq!(Sender::Shopper.sets_status(), Some(ConversationStatus::Open));
        assert_eq!(Sender::Agent.sets_status(), None);
        assert_eq!(Sender::System.sets_status(), None);
    }
}
