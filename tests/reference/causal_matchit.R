# Reference for tests/AdvancedMl.Tests/Causal/MatchingTests.cs: R MatchIt on data/lalonde.csv.
# Run from the repository root:  Rscript tests/reference/causal_matchit.R
# (Debian 12: r-base-core 4.2.2, r-cran-matchit 4.5.1.)
suppressMessages(library(MatchIt))
d <- read.csv("data/lalonde.csv")
f <- treat ~ age + educ + black + hispan + married + nodegree + re74 + re75
show <- function(label, m) {
  mm <- m$match.matrix
  treated <- as.integer(rownames(mm)) - 1L            # 0-based rows, as in C#
  control <- as.integer(mm[, 1]) - 1L
  keep <- !is.na(control)
  att <- mean(d$re78[treated[keep] + 1] - d$re78[control[keep] + 1])
  cat(sprintf("%s: pairs = %d, ATT = %.6f, sum of control rows = %d\n", label, sum(keep), att, sum(control[keep])))
  invisible(data.frame(treated = treated[keep], control = control[keep]))
}
cat(sprintf("R %s, MatchIt %s\n", getRversion(), packageVersion("MatchIt")))
m1 <- matchit(f, data = d, method = "nearest", distance = "glm", m.order = "largest", replace = FALSE)
p1 <- show("without replacement", m1)
cat(sprintf("e[0] = %.12f, e[200] = %.12f\n", m1$distance[1], m1$distance[201]))
m2 <- matchit(f, data = d, method = "nearest", distance = "glm", m.order = "largest", replace = TRUE)
p2 <- show("with replacement", m2)
m3 <- matchit(f, data = d, method = "nearest", distance = "glm", link = "linear.logit", m.order = "largest",
              replace = FALSE, caliper = 0.2, std.caliper = TRUE)
p3 <- show("logit scale, caliper 0.2 SD, without replacement", m3)
write.csv(p1, "/tmp/matchit_pairs_norepl.csv", row.names = FALSE)
write.csv(p3, "/tmp/matchit_pairs_caliper.csv", row.names = FALSE)
